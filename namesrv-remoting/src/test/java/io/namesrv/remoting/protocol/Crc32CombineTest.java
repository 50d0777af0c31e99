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

    private static long crc(byte[] bytes, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, length);
        return crc.getValue();
    }
}
