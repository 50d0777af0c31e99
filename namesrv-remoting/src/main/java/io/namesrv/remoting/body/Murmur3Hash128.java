package io.namesrv.remoting.body;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Austin Appleby's MurmurHash3 x64 128 with seed 0 (the bytes Guava's {@code murmur3_128()} and
 * commons-codec's {@code hash128x64} give), fed in parts: a body held in read buffers is hashed
 * where it lies, part after part. Reads 16 bytes at a time as two little-endian longs.
 */
final class Murmur3Hash128 {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final int BLOCK = 16;

    private long h1;
    private long h2;
    private long length;
    /** The bytes of a block that the part before ended inside of, in its first {@link #pendingLength} bytes. */
    private final ByteBuffer pending = ByteBuffer.allocate(BLOCK);
    private int pendingLength;

    /** The hash of {@code bytes[from, from + length)}. */
    static Hash128 of(byte[] bytes, int from, int length) {
        return new Murmur3Hash128().update(ByteBuffer.wrap(bytes, from, length)).finish();
    }

    /** The first 64 bits of {@link #of}. */
    static long hash64(byte[] bytes, int from, int length) {
        return of(bytes, from, length).low();
    }

    /** Makes this a hash of no bytes yet. */
    Murmur3Hash128 reset() {
        h1 = 0;
        h2 = 0;
        length = 0;
        pendingLength = 0;
        return this;
    }

    /** Hashes the bytes from {@code part}'s position to its limit, leaving both as they were. */
    Murmur3Hash128 update(ByteBuffer part) {
        int at = part.position();
        int end = part.limit();
        length += end - at;
        if (pendingLength > 0) {
            int taken = Math.min(BLOCK - pendingLength, end - at);
            pending.put(pendingLength, part, at, taken);
            pendingLength += taken;
            at += taken;
            if (pendingLength < BLOCK) {
                return this;
            }
            mixBlocks(pending, 0, BLOCK);
            pendingLength = 0;
        }
        int blocksEnd = at + (end - at) / BLOCK * BLOCK;
        mixBlocks(part, at, blocksEnd);
        pendingLength = end - blocksEnd;
        pending.put(0, part, blocksEnd, pendingLength);
        return this;
    }

    /** The hash of all the bytes given. */
    Hash128 finish() {
        // the pending bytes as two little-endian longs, the bytes past them (left from earlier blocks) masked off
        long k1 = (long) LONGS.get(pending, 0) & lowBytes(pendingLength);
        long k2 = (long) LONGS.get(pending, 8) & lowBytes(pendingLength - 8);
        long a = h1;
        long b = h2;
        if (pendingLength > BLOCK / 2) {
            b ^= mixK2(k2);
        }
        if (pendingLength > 0) {
            a ^= mixK1(k1);
        }
        a ^= length;
        b ^= length;
        a += b;
        b += a;
        a = fmix64(a);
        b = fmix64(b);
        a += b;
        b += a;
        return new Hash128(a, b);
    }

    private void mixBlocks(ByteBuffer bytes, int from, int to) {
        long a = h1;
        long b = h2;
        for (int i = from; i < to; i += BLOCK) {
            a ^= mixK1((long) LONGS.get(bytes, i));
            a = Long.rotateLeft(a, 27) + b;
            a = a * 5 + 0x52dce729;
            b ^= mixK2((long) LONGS.get(bytes, i + 8));
            b = Long.rotateLeft(b, 31) + a;
            b = b * 5 + 0x38495ab5;
        }
        h1 = a;
        h2 = b;
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
