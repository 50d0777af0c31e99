package io.namesrv.dist.bench;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Reads just the response code and opaque of a frame, without building a command: the load
 * client's hot path. JSON headers are scanned for the top-level "code" and "opaque" fields;
 * ROCKETMQ (binary) headers are read at their fixed offsets.
 */
final class ResponseHeaders {
    private static final byte[] CODE = "code".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPAQUE = "opaque".getBytes(StandardCharsets.US_ASCII);

    private ResponseHeaders() {
    }

    /**
     * The frame's (content after the length field, reader index at the header-length field) code
     * in the high and opaque in the low 32 bits.
     */
    static long codeAndOpaque(ByteBuf frame) {
        int at = frame.readerIndex();
        int headerField = frame.getInt(at);
        int type = headerField >>> 24;
        int headerLength = headerField & 0xFFFFFF;
        int from = at + 4;
        int to = from + headerLength;
        if (to > frame.writerIndex()) {
            throw new IllegalStateException("header length " + headerLength + " beyond the frame");
        }
        if (type == 1) {
            return pack(frame.getShort(from), frame.getInt(from + 5));
        }
        return scanJson(frame, from, to);
    }

    static int code(long codeAndOpaque) {
        return (int) (codeAndOpaque >> 32);
    }

    static int opaque(long codeAndOpaque) {
        return (int) codeAndOpaque;
    }

    /** The header as text, for error messages only. */
    static String headerText(ByteBuf frame) {
        int at = frame.readerIndex();
        int headerField = frame.getInt(at);
        int headerLength = Math.min(headerField & 0xFFFFFF, frame.readableBytes() - 4);
        return (headerField >>> 24) == 0
            ? frame.toString(at + 4, headerLength, StandardCharsets.UTF_8)
            : "<binary header of " + headerLength + " bytes>";
    }

    private static long pack(int code, int opaque) {
        return ((long) code << 32) | (opaque & 0xFFFFFFFFL);
    }

    private static long scanJson(ByteBuf b, int from, int to) {
        int depth = 0;
        boolean haveCode = false;
        boolean haveOpaque = false;
        int code = 0;
        int opaque = 0;
        int i = from;
        while (i < to && !(haveCode && haveOpaque)) {
            byte c = b.getByte(i);
            if (c == '"') {
                int start = i + 1;
                int end = endOfString(b, start, to);
                i = end + 1;
                if (depth == 1) {
                    int colon = skipSpaces(b, i, to);
                    if (colon < to && b.getByte(colon) == ':') {
                        if (equals(b, start, end, CODE)) {
                            code = parseInt(b, skipSpaces(b, colon + 1, to), to);
                            haveCode = true;
                        } else if (equals(b, start, end, OPAQUE)) {
                            opaque = parseInt(b, skipSpaces(b, colon + 1, to), to);
                            haveOpaque = true;
                        }
                        i = colon + 1;
                    }
                }
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        }
        if (!haveCode || !haveOpaque) {
            throw new IllegalStateException("JSON header without code or opaque");
        }
        return pack(code, opaque);
    }

    private static int endOfString(ByteBuf b, int i, int to) {
        while (i < to) {
            byte c = b.getByte(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i;
            } else {
                i++;
            }
        }
        throw new IllegalStateException("unterminated string in JSON header");
    }

    private static int skipSpaces(ByteBuf b, int i, int to) {
        while (i < to) {
            byte c = b.getByte(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean equals(ByteBuf b, int start, int end, byte[] key) {
        if (end - start != key.length) {
            return false;
        }
        for (int k = 0; k < key.length; k++) {
            if (b.getByte(start + k) != key[k]) {
                return false;
            }
        }
        return true;
    }

    private static int parseInt(ByteBuf b, int i, int to) {
        boolean negative = i < to && b.getByte(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < to) {
            byte c = b.getByte(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
            i++;
        }
        if (digits == 0 || digits > 10) {
            throw new IllegalStateException("not an int in JSON header");
        }
        return (int) (negative ? -value : value);
    }
}
