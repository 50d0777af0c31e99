package io.namesrv.remoting.protocol;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Combined CRCs are the CRC of the joined bytes, for splits anywhere, empty runs included. */
class Crc32CombineTest {
    @Test
    void theCombinationOfTwoRunsIsTheCrcOfBoth() {
        Random random = new Random(20261202);
        for (int trial = 0; trial < 500; trial++) {
            byte[] bytes = new byte[random.nextInt(trial < 480 ? 300 : 3_000_000)];
            random.nextBytes(bytes);
            int split = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            assertEquals(crc(bytes, 0, bytes.length),
                Crc32Combine.combine(crc(bytes, 0, split), crc(bytes, split, bytes.length - split), bytes.length - split),
                bytes.length + " bytes split at " + split);
        }
    }

    /** Past 512 MiB the powers of x wrap round the table of 32 (zlib's "k & 31"). */
    @Test
    void aSecondRunLongerThanTheTableOfPowersCombinesToo() {
        byte[] first = new byte[100];
        new Random(7).nextBytes(first);
        byte[] zeros = new byte[1 << 20];
        long zeroRunLength = (1L << 29) + (1L << 20) * 3 + 12_345;
        CRC32 whole = new CRC32();
        whole.update(first);
        CRC32 second = new CRC32();
        for (long left = zeroRunLength; left > 0; left -= zeros.length) {
            int n = (int) Math.min(left, zeros.length);
            whole.update(zeros, 0, n);
            second.update(zeros, 0, n);
        }
        assertEquals(whole.getValue(), Crc32Combine.combine(crc(first, 0, first.length), second.getValue(), zeroRunLength));
    }

    private static long crc(byte[] bytes, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, length);
        return crc.getValue();
    }
}
