package io.namesrv.remoting.body;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Austin Appleby's MurmurHash3 x64 128 with seed 0 (the bytes Guava's {@code murmur3_128()} and
 * commons-codec's {@code hash128x64} give), fed in parts: a body held in read buffers is hashed
 * where it lies, part after part. Reads 16 bytes at a time as two little-endian longs of a byte
 * array: a registration hashes each of its 10,000 entries on its own, and a byte buffer's checks
 * and bookkeeping cost more than a 170-byte entry's hash.
 */
final class Murmur3Hash128 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final int BLOCK = 16;
    /** How much of a direct buffer is copied at a time to be hashed as an array. */
    private static final int COPY_CHUNK = 8192;

    private long h1;
    private long h2;
    private long length;
    /** The bytes of a block that the part before ended inside of, in its first {@link #pendingLength} bytes. */
    private final byte[] pending = new byte[BLOCK];
    private int pendingLength;
    private byte[] copied;

    /** The hash of {@code bytes[from, from + length)}. */
    static Hash128 of(byte[] bytes, int from, int length) {
        return new Murmur3Hash128().update(bytes, from, length).finish();
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
        if (part.hasArray()) {
            return update(part.array(), part.arrayOffset() + part.position(), part.remaining());
        }
        if (copied == null) {
            copied = new byte[COPY_CHUNK];
        }
        for (int at = part.position(); at < part.limit(); at += COPY_CHUNK) {
            int chunk = Math.min(COPY_CHUNK, part.limit() - at);
            part.get(at, copied, 0, chunk);
            update(copied, 0, chunk);
        }
        return this;
    }

    /** Hashes {@code bytes[from, from + count)}. */
    Murmur3Hash128 update(byte[] bytes, int from, int count) {
        int at = from;
        int end = from + count;
        length += count;
        if (pendingLength > 0) {
            int taken = Math.min(BLOCK - pendingLength, count);
            System.arraycopy(bytes, at, pending, pendingLength, taken);
            pendingLength += taken;
            at += taken;
            if (pendingLength < BLOCK) {
                return this;
            }
            mixBlocks(pending, 0, BLOCK);
            pendingLength = 0;
        }
        int blocksEnd = at + (end - at) / BLOCK * BLOCK;
        mixBlocks(bytes, at, blocksEnd);
        pendingLength = end - blocksEnd;
        System.arraycopy(bytes, blocksEnd, pending, 0, pendingLength);
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

    private void mixBlocks(byte[] bytes, int from, int to) {
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
