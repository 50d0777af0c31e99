package io.namesrv.remoting.protocol;

/**
 * The CRC-32 of two byte runs one after the other, from the CRC-32 of each and the length of the
 * second (zlib's crc32_combine): the bodyCrc32 of a registration that repeats a topic table whose
 * CRC is known, without reading that megabyte again.
 *
 * <p>As zlib 1.2.12 and later do it: the first CRC is multiplied by x^(8 * length) modulo the
 * polynomial, that power built from a table of x^(2^n), about 21 multiplications for a megabyte
 * instead of as many squarings of a 32 x 32 bit matrix. Polynomials are bit-reversed, as in the CRC.
 */
public final class Crc32Combine {
    private static final int POLYNOMIAL = 0xEDB88320;
    private static final int ONE = 1 << 31;
    /** x^(2^n) modulo the polynomial for n in 0..31: enough for any length, as x^(2^32) = x modulo this polynomial. */
    private static final int[] X_TO_2_TO_N = new int[32];

    static {
        int p = 1 << 30; // x^1
        X_TO_2_TO_N[0] = p;
        for (int n = 1; n < 32; n++) {
            p = multiplyModP(p, p);
            X_TO_2_TO_N[n] = p;
        }
    }

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
        int shifted = multiplyModP(xToEightTimes(secondLength), (int) first);
        return (shifted ^ (int) second) & 0xFFFFFFFFL;
    }

    /** x^(8 * bytes) modulo the polynomial: x^(2^3) to the power bytes, square by square. */
    private static int xToEightTimes(long bytes) {
        int p = ONE;
        int k = 3;
        for (long n = bytes; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                p = multiplyModP(X_TO_2_TO_N[k & 31], p);
            }
        }
        return p;
    }

    private static int multiplyModP(int a, int b) {
        int product = 0;
        for (int m = ONE; ; m >>>= 1) {
            if ((a & m) != 0) {
                product ^= b;
                if ((a & (m - 1)) == 0) {
                    return product;
                }
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
        }
    }
}
