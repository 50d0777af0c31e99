package io.namesrv.remoting.body;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pull reader of one JSON document held in a byte array, for the one body that is big and read
 * often: a registration of 10,000 topics is a 1.8 MB document that arrives every 30 s from every
 * broker. It reads field names without making strings of them, skips what the caller does not
 * need without building anything, and hands small sub-documents to Jackson by their byte range.
 *
 * <p>Accepts what fastjson writes and what Jackson reads with our settings: standard JSON, plus
 * unquoted field names (fastjson's numeric map keys) when skipping. Anything else fails with a
 * {@link BodyFormatException} naming the byte offset. Nesting is bounded like Jackson's. Strings
 * it returns must be valid UTF-8; text it skips is not checked for it.
 */
final class JsonBytesReader {
    private static final int MAX_DEPTH = 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = LOW_BITS * '"';
    private static final long BACKSLASHES = LOW_BITS * '\\';
    private static final long CONTROL_LIMITS = LOW_BITS * 0x20;

    private final byte[] buf;
    private final int end;
    private int pos;
    /** The byte range of the last field name read, quotes excluded. */
    private int nameStart;
    private int nameEnd;
    /** The brackets open while a value is skipped; made at the first non-empty container. */
    private byte[] openBrackets;

    /** A field name or literal as the bytes {@link #nameIs} and {@link #skipLiteral} compare. */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    JsonBytesReader(byte[] buf) {
        this.buf = buf;
        this.end = buf.length;
    }

    /** Consumes '{'. */
    void beginObject() {
        expect('{', "an object");
    }

    /**
     * Moves to the next field of the current object and consumes its name and colon.
     *
     * @return false, having consumed the closing '}', when the object has no more fields
     */
    boolean nextField(boolean first) {
        int c = skipWhitespace();
        if (c == '}') {
            pos++;
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw error("',' or '}' expected");
            }
            pos++;
            c = skipWhitespace();
        }
        if (c != '"') {
            throw error("a quoted field name expected");
        }
        nameStart = pos + 1;
        skipString();
        nameEnd = pos - 1;
        expect(':', "':' after a field name");
        return true;
    }

    /** Whether the field name just read is {@code name} (ASCII, no escapes), without making a string. */
    boolean nameIs(byte[] name) {
        int length = nameEnd - nameStart;
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf[nameStart + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The next value's first character, not consumed: '{', '[', '"', 'n', 't', 'f', or a number's. */
    int peek() {
        return skipWhitespace();
    }

    /** A string value, or null for a JSON null. */
    String stringValue() {
        int c = skipWhitespace();
        if (c == 'n') {
            literal("null");
            return null;
        }
        if (c != '"') {
            throw error("a string expected");
        }
        int start = pos + 1;
        boolean escaped = skipString();
        int stop = pos - 1;
        return escaped ? unescape(start, stop) : utf8(buf, start, stop);
    }

    /** The bytes as text; invalid UTF-8 is refused, as Jackson refuses it, not replaced. */
    private String utf8(byte[] bytes, int start, int stop) {
        if (isAscii(bytes, start, stop)) {
            return new String(bytes, start, stop - start, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, stop - start)).toString();
        } catch (CharacterCodingException e) {
            throw error("invalid UTF-8 in a string");
        }
    }

    private static boolean isAscii(byte[] bytes, int start, int stop) {
        int i = start;
        for (; i + Long.BYTES <= stop; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < stop; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** An int value; a null, string or other non-number gives {@code def}, as Jackson's getValueAsInt does. */
    int intValue(int def) {
        int c = skipWhitespace();
        if (c != '-' && (c < '0' || c > '9')) {
            skipValue();
            return def;
        }
        int start = pos;
        boolean negative = c == '-';
        if (negative) {
            pos++;
        }
        long value = 0;
        int digits = 0;
        while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
            value = value * 10 + (buf[pos++] - '0');
            if (++digits > 10) {
                throw error("number out of int range");
            }
        }
        if (digits == 0) {
            throw error("a digit expected");
        }
        if (digits > 1 && buf[pos - digits] == '0') {
            throw error("leading zero in a number");
        }
        if (pos < end && (buf[pos] == '.' || buf[pos] == 'e' || buf[pos] == 'E')) {
            pos = start;
            skipNumber();
            return (int) Double.parseDouble(new String(buf, start, pos - start, StandardCharsets.US_ASCII));
        }
        value = negative ? -value : value;
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw error("number out of int range");
        }
        return (int) value;
    }

    /** A boolean value; anything but true or false gives {@code def}. */
    boolean booleanValue(boolean def) {
        int c = skipWhitespace();
        if (c == 't') {
            literal("true");
            return true;
        }
        if (c == 'f') {
            literal("false");
            return false;
        }
        skipValue();
        return def;
    }

    /** Skips one value of any kind, checking its syntax; returns the offset where it started. */
    int skipValue() {
        int c = skipWhitespace();
        int start = pos;
        if (c == '{' || c == '[') {
            skipContainer();
        } else if (c == '"') {
            skipString();
        } else if (c == 't') {
            literal("true");
        } else if (c == 'f') {
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            skipNumber();
        } else {
            throw error("a value expected");
        }
        return start;
    }

    /** Offset just after the last value read. */
    int position() {
        return pos;
    }

    /** Goes back to an offset {@link #position()} gave, to read the same bytes another way. */
    void reset(int position) {
        pos = position;
    }

    /** Consumes {@code expected} if the next bytes are exactly it (no whitespace skipped); else moves nothing. */
    boolean skipLiteral(byte[] expected) {
        int stop = pos + expected.length;
        if (stop > end || !Arrays.equals(buf, pos, stop, expected, 0, expected.length)) {
            return false;
        }
        pos = stop;
        return true;
    }

    /**
     * A non-negative int written as JSON does (no sign, no leading zero, no fraction) of at most
     * nine digits, or -1, having moved nothing, when the next bytes are not one.
     */
    int plainInt() {
        int start = pos;
        int value = 0;
        while (pos < end && buf[pos] >= '0' && buf[pos] <= '9' && pos - start < 9) {
            value = value * 10 + (buf[pos++] - '0');
        }
        int digits = pos - start;
        boolean more = pos < end && (buf[pos] >= '0' && buf[pos] <= '9' || buf[pos] == '.' || buf[pos] == 'e'
            || buf[pos] == 'E');
        if (digits == 0 || more || (digits > 1 && buf[start] == '0')) {
            pos = start;
            return -1;
        }
        return value;
    }

    byte[] bytes() {
        return buf;
    }

    /** Fails unless only whitespace follows. */
    void endDocument() {
        if (skipWhitespace() != -1) {
            throw error("content after the end of the document");
        }
    }

    private void skipContainer() {
        if (pos + 1 < end && (buf[pos + 1] == '}' && buf[pos] == '{' || buf[pos + 1] == ']' && buf[pos] == '[')) {
            pos += 2;
            return;
        }
        if (openBrackets == null) {
            openBrackets = new byte[MAX_DEPTH];
        }
        byte[] open = openBrackets;
        int depth = 0;
        open[depth++] = buf[pos++];
        boolean expectValue = true;
        while (depth > 0) {
            int c = skipWhitespace();
            byte top = open[depth - 1];
            if (c == -1) {
                throw error("document ends inside " + (top == '{' ? "an object" : "an array"));
            }
            if ((c == '}' && top == '{') || (c == ']' && top == '[')) {
                pos++;
                depth--;
                expectValue = false;
                continue;
            }
            if (!expectValue) {
                if (c != ',') {
                    throw error("',' or a closing bracket expected");
                }
                pos++;
                skipWhitespace();
            }
            if (top == '{') {
                skipFieldName();
                expect(':', "':' after a field name");
            }
            c = skipWhitespace();
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    throw error("nesting deeper than " + MAX_DEPTH);
                }
                open[depth++] = buf[pos++];
                expectValue = true;
            } else {
                skipValue();
                expectValue = false;
            }
        }
    }

    /** A quoted name, or an unquoted one (fastjson's numeric keys, which Jackson accepts with our settings). */
    private void skipFieldName() {
        int c = skipWhitespace();
        if (c == '"') {
            skipString();
            return;
        }
        int start = pos;
        while (pos < end && (Character.isLetterOrDigit(buf[pos]) || buf[pos] == '_' || buf[pos] == '$'
            || buf[pos] == '-' || buf[pos] < 0)) {
            pos++;
        }
        if (pos == start) {
            throw error("a field name expected");
        }
    }

    /** Consumes a string, the reader on its opening quote; returns whether it held an escape. */
    private boolean skipString() {
        pos++;
        boolean escaped = false;
        while (true) {
            skipPlainStringBytes();
            if (pos >= end) {
                throw error("document ends inside a string");
            }
            byte b = buf[pos++];
            if (b == '"') {
                return escaped;
            }
            if (b == '\\') {
                if (pos >= end) {
                    throw error("document ends inside a string");
                }
                escaped = true;
                skipEscape();
            } else if (b >= 0 && b < 0x20) {
                throw error("control character in a string");
            }
        }
    }

    /**
     * Moves eight bytes at a time to the next quote, backslash or control character (or to the
     * last seven bytes): most of a registration body is string bytes. The lowest flagged byte of
     * each of the three tests is a real match, so the lowest of all is too.
     */
    private void skipPlainStringBytes() {
        while (pos + Long.BYTES <= end) {
            long word = (long) LONGS.get(buf, pos);
            long special = zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES)
                | ((word - CONTROL_LIMITS) & ~word & HIGH_BITS);
            if (special != 0) {
                pos += Long.numberOfTrailingZeros(special) >>> 3;
                return;
            }
            pos += Long.BYTES;
        }
    }

    /** A byte's high bit set where that byte of {@code word} is zero (exact for the lowest such byte). */
    private static long zeroBytes(long word) {
        return (word - LOW_BITS) & ~word & HIGH_BITS;
    }

    /** The character after a backslash, and the four hex digits of a \\u escape. */
    private void skipEscape() {
        byte e = buf[pos++];
        if (e == 'u') {
            for (int i = 0; i < 4; i++) {
                if (pos >= end || Character.digit(buf[pos++], 16) < 0) {
                    throw error("bad \\u escape");
                }
            }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
            throw error("bad escape \\" + (char) e);
        }
    }

    private String unescape(int start, int stop) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stop - start);
        for (int i = start; i < stop; i++) {
            byte b = buf[i];
            if (b != '\\') {
                out.write(b);
                continue;
            }
            byte e = buf[++i];
            switch (e) {
                case '"', '\\', '/' -> out.write(e);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'u' -> {
                    if (i + 4 >= stop) {
                        throw error("truncated \\u escape");
                    }
                    char ch = (char) Integer.parseInt(new String(buf, i + 1, 4, StandardCharsets.US_ASCII), 16);
                    i += 4;
                    if (Character.isHighSurrogate(ch) && i + 6 < stop && buf[i + 1] == '\\' && buf[i + 2] == 'u') {
                        char low = (char) Integer.parseInt(new String(buf, i + 3, 4, StandardCharsets.US_ASCII), 16);
                        i += 6;
                        out.writeBytes(new String(new char[] {ch, low}).getBytes(StandardCharsets.UTF_8));
                    } else {
                        out.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
                    }
                }
                default -> throw error("bad escape \\" + (char) e);
            }
        }
        byte[] text = out.toByteArray();
        return utf8(text, 0, text.length);
    }

    /** A number as JSON writes it: -?digits(.digits)?([eE][+-]?digits)?. */
    private void skipNumber() {
        if (pos < end && buf[pos] == '-') {
            pos++;
        }
        int integerStart = pos;
        if (digits() > 1 && buf[integerStart] == '0') {
            throw error("leading zero in a number");
        }
        if (pos < end && buf[pos] == '.') {
            pos++;
            digits();
        }
        if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
            pos++;
            if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) {
                pos++;
            }
            digits();
        }
    }

    /** Consumes one or more digits; returns how many. */
    private int digits() {
        int start = pos;
        while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
            pos++;
        }
        if (pos == start) {
            throw error("a digit expected");
        }
        return pos - start;
    }

    private void literal(String word) {
        int length = word.length();
        if (pos + length > end) {
            throw error("'" + word + "' expected");
        }
        for (int i = 0; i < length; i++) {
            if (buf[pos + i] != word.charAt(i)) {
                throw error("'" + word + "' expected");
            }
        }
        pos += length;
    }

    private void expect(char c, String what) {
        if (skipWhitespace() != c) {
            throw error(what + " expected");
        }
        pos++;
    }

    /** Skips whitespace; returns the next byte (not consumed), or -1 at the end. */
    private int skipWhitespace() {
        while (pos < end) {
            byte b = buf[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
            pos++;
        }
        return -1;
    }

    private BodyFormatException error(String what) {
        return new BodyFormatException(what + " at byte " + pos + " of " + end);
    }
}
