package io.namesrv.remoting.body;

import com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MurmurHash3 x64 128 as its reference gives it, whether the bytes come at once or in parts. */
class Murmur3Hash128Test {

    @Test
    void knownHashes() {
        assertEquals(new Hash128(0, 0), hash(""));
        assertEquals(new Hash128(0x629942693e10f867L, 0x92db0b82baeb5347L), hash("hell"));
        assertEquals(new Hash128(0xe34bbc7bbc071b6cL, 0x7a433ca9c49a9347L), hash("The quick brown fox jumps over the lazy dog"));
    }

    @Test
    void everyLengthOfTailHashesAsGuavaDoes() {
        byte[] bytes = randomBytes(300);
        for (int length = 0; length <= 260; length++) {
            assertEquals(guava(bytes, 7, length), Murmur3Hash128.of(bytes, 7, length), "length " + length);
        }
    }

    @Test
    void partsOfAnyLengthHashAsTheWhole() {
        byte[] bytes = randomBytes(1_000);
        Hash128 whole = Murmur3Hash128.of(bytes, 0, bytes.length);
        for (int part = 1; part <= 40; part++) {
            Murmur3Hash128 hasher = new Murmur3Hash128();
            for (int offset = 0; offset < bytes.length; offset += part) {
                ByteBuffer direct = ByteBuffer.allocateDirect(part);
                direct.put(bytes, offset, Math.min(part, bytes.length - offset)).flip();
                hasher.update(direct);
            }
            assertEquals(whole, hasher.finish(), "parts of " + part);
        }
    }

    @Test
    void aResetHasherHashesAsANewOne() {
        byte[] bytes = randomBytes(100);
        Murmur3Hash128 hasher = new Murmur3Hash128();
        hasher.update(ByteBuffer.wrap(bytes, 0, 37)).finish();

        assertEquals(Murmur3Hash128.of(bytes, 10, 90), hasher.reset().update(ByteBuffer.wrap(bytes, 10, 90)).finish());
    }

    private static Hash128 hash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Murmur3Hash128.of(bytes, 0, bytes.length);
    }

    private static Hash128 guava(byte[] bytes, int from, int length) {
        ByteBuffer hash = ByteBuffer.wrap(Hashing.murmur3_128().hashBytes(bytes, from, length).asBytes())
            .order(ByteOrder.LITTLE_ENDIAN);
        return new Hash128(hash.getLong(0), hash.getLong(8));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
