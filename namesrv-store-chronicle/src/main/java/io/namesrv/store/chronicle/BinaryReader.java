package io.namesrv.store.chronicle;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryWriter} wrote. Bytes that end early or run on are reported with an
 * {@link IllegalArgumentException}, which the store turns into an error naming the table.
 */
final class BinaryReader {
    private final byte[] bytes;
    private int position;

    BinaryReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int readByte() {
        if (position >= bytes.length) {
            throw new IllegalArgumentException("value ends early, at byte " + position);
        }
        return bytes[position++] & 0xFF;
    }

    long readUnsigned() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("number longer than 10 bytes at byte " + position);
    }

    long readSigned() {
        long zigzag = readUnsigned();
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    int readSignedInt() {
        return Math.toIntExact(readSigned());
    }

    String readString() {
        return readUtf8(length(readUnsigned()));
    }

    String readNullableString() {
        long lengthPlusOne = readUnsigned();
        return lengthPlusOne == 0 ? null : readUtf8(length(lengthPlusOne - 1));
    }

    /** The bytes from here to the end, as a string. */
    String readRemainingString() {
        return readUtf8(bytes.length - position);
    }

    int readCount() {
        return length(readUnsigned());
    }

    void expectEnd() {
        if (position != bytes.length) {
            throw new IllegalArgumentException((bytes.length - position) + " unexpected bytes after the value");
        }
    }

    private int length(long length) {
        if (length > bytes.length - position) {
            throw new IllegalArgumentException("length " + length + " runs past the end of the value");
        }
        return (int) length;
    }

    private String readUtf8(int length) {
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }
}
