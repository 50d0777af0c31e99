package io.namesrv.store.chronicle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a compact byte array: numbers as variable-length integers (small values take one byte),
 * strings as a length and their UTF-8 bytes.
 */
final class BinaryWriter {
    private byte[] bytes;
    private int size;

    BinaryWriter(int expectedSize) {
        bytes = new byte[Math.max(expectedSize, 8)];
    }

    BinaryWriter writeByte(int value) {
        ensureRoom(1);
        bytes[size++] = (byte) value;
        return this;
    }

    /** 7 bits a byte, lowest first; for lengths and counts, which are never negative. */
    BinaryWriter writeUnsigned(long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            writeByte((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        return writeByte((int) rest);
    }

    /** Zig-zag first, so that a small negative number stays short too. */
    BinaryWriter writeSigned(long value) {
        return writeUnsigned((value << 1) ^ (value >> 63));
    }

    BinaryWriter writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(utf8.length);
        return writeRaw(utf8);
    }

    /** Length + 1, so that 0 can stand for null. */
    BinaryWriter writeNullableString(String value) {
        if (value == null) {
            return writeUnsigned(0);
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(utf8.length + 1L);
        return writeRaw(utf8);
    }

    BinaryWriter writeRaw(byte[] raw) {
        ensureRoom(raw.length);
        System.arraycopy(raw, 0, bytes, size, raw.length);
        size += raw.length;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensureRoom(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
