package io.namesrv.remoting.body;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The first 64 bits of Austin Appleby's MurmurHash3 x64 128 with seed 0 (as Guava's
 * {@code murmur3_128().hashBytes(...).asLong()} gives them) of a range of a byte array, in a long, so
 * that hashing allocates nothing. Reads 16 bytes at a time as
 * two little-endian longs, the last block's too, masked, where the array goes on past the range:
 * a registration hashes each of its 10,000 entries on its own, some 170 bytes each, and a byte
 * buffer's checks and bookkeeping, or the tail read byte by byte, cost more than such a hash.
 */
final class Murmur3Hash128 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final int BLOCK = 16;

    private Murmur3Hash128() {
    }

    /** The first 64 bits of the hash of {@code bytes[from, from + length)}. */
    static long low64(byte[] bytes, int from, int length) {
        long h1 = 0;
        long h2 = 0;
        int blocksEnd = from + length / BLOCK * BLOCK;
        for (int i = from; i < blocksEnd; i += BLOCK) {
            h1 ^= mixK1((long) LONGS.get(bytes, i));
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2((long) LONGS.get(bytes, i + 8));
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tailLength = from + length - blocksEnd;
        // the tail as two little-endian longs, the bytes past it masked off
        byte[] tail = bytes;
        int tailAt = blocksEnd;
        if (blocksEnd + BLOCK > bytes.length) {
            tail = Arrays.copyOfRange(bytes, blocksEnd, blocksEnd + BLOCK);
            tailAt = 0;
        }
        long k1 = (long) LONGS.get(tail, tailAt) & lowBytes(tailLength);
        long k2 = (long) LONGS.get(tail, tailAt + 8) & lowBytes(tailLength - 8);
        if (tailLength > BLOCK / 2) {
            h2 ^= mixK2(k2);
        }
        if (tailLength > 0) {
            h1 ^= mixK1(k1);
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        return h1 + h2;
    }

    /** A mask of the low {@code bytes} bytes of a long: none for 0 or fewer, all for 8 or more. */
    private static long lowBytes(int bytes) {
        return bytes <= 0 ? 0 : bytes >= 8 ? -1L : (1L << bytes * 8) - 1;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
