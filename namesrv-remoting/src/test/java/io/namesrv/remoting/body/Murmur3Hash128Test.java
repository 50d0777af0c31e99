package io.namesrv.remoting.body;

import com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The first 64 bits of MurmurHash3 x64 128 as its reference gives them, wherever the bytes lie in their array. */
class Murmur3Hash128Test {

    @Test
    void knownHashes() {
        assertEquals(0, hash(""));
        assertEquals(0x629942693e10f867L, hash("hell"));
        assertEquals(0xe34bbc7bbc071b6cL, hash("The quick brown fox jumps over the lazy dog"));
    }

    @Test
    void everyLengthOfTailHashesAsGuavaDoes() {
        byte[] bytes = randomBytes(300);
        for (int length = 0; length <= 260; length++) {
            assertEquals(guava(bytes, 7, length), Murmur3Hash128.low64(bytes, 7, length), "length " + length);
        }
    }

    @Test
    void aRangeAtTheVeryEndOfItsArrayHashesAsGuavaDoes() {
        byte[] bytes = randomBytes(300);
        for (int length = 0; length <= 40; length++) {
            byte[] ending = Arrays.copyOf(bytes, 7 + length);
            assertEquals(guava(ending, 7, length), Murmur3Hash128.low64(ending, 7, length), "length " + length);
        }
    }

    private static long hash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Murmur3Hash128.low64(bytes, 0, bytes.length);
    }

    private static long guava(byte[] bytes, int from, int length) {
        return Hashing.murmur3_128().hashBytes(bytes, from, length).asLong();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
