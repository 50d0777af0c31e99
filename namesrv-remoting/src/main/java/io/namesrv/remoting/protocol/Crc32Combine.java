package io.namesrv.remoting.protocol;

/**
 * The CRC-32 of two byte runs one after the other, from the CRC-32 of each and the length of the
 * second (zlib's crc32_combine): the bodyCrc32 of a registration that repeats a topic table whose
 * CRC is known, without reading that megabyte again.
 */
public final class Crc32Combine {
    private static final long POLYNOMIAL = 0xEDB88320L;

    private Crc32Combine() {
    }

    /**
     * @param first  the CRC-32 (as {@link java.util.zip.CRC32#getValue()} gives it) of the first run
     * @param second the CRC-32 of the second run
     * @param secondLength the second run's length in bytes
     * @return the CRC-32 of the first run followed by the second
     */
    public static long combine(long first, long second, long secondLength) {
        if (secondLength <= 0) {
            return first;
        }
        // first is shifted through secondLength zero bytes by squaring the one-zero-bit operator
        long[] even = new long[32];
        long[] odd = new long[32];
        odd[0] = POLYNOMIAL;
        for (int n = 1, row = 1; n < 32; n++, row <<= 1) {
            odd[n] = row & 0xFFFFFFFFL;
        }
        square(even, odd);
        square(odd, even);
        long crc = first;
        long length = secondLength;
        while (true) {
            square(even, odd);
            if ((length & 1) != 0) {
                crc = times(even, crc);
            }
            length >>= 1;
            if (length == 0) {
                break;
            }
            square(odd, even);
            if ((length & 1) != 0) {
                crc = times(odd, crc);
            }
            length >>= 1;
            if (length == 0) {
                break;
            }
        }
        return crc ^ second;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(long[] square, long[] matrix) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
