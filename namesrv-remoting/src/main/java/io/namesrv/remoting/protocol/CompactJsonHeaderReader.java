package io.namesrv.remoting.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JSON header in the form RocketMQ clients write it (fastjson's compact output: no
 * whitespace, strings of printable ASCII without escapes, integers, extFields of strings) straight
 * from the bytes, at a fraction of a JSON parser's cost per request. A header in any other form,
 * or broken, is not read here: {@link #read} returns null and the full parser decides, so both
 * give the same command for every header this reader accepts.
 */
final class CompactJsonHeaderReader {
    private static final byte[] CODE = ascii("code");
    private static final byte[] LANGUAGE = ascii("language");
    private static final byte[] VERSION = ascii("version");
    private static final byte[] OPAQUE = ascii("opaque");
    private static final byte[] FLAG = ascii("flag");
    private static final byte[] REMARK = ascii("remark");
    private static final byte[] EXT_FIELDS = ascii("extFields");
    private static final byte[] JAVA = ascii(LanguageCode.JAVA);
    private static final byte[] NULL = ascii("null");
    private static final long NOT_AN_INT = Long.MIN_VALUE;

    private final byte[] in;
    private int at;
    private int stringStart;
    private int stringEnd;

    private CompactJsonHeaderReader(byte[] header) {
        this.in = header;
    }

    /** The command the header holds, or null when the header is not in the compact form. */
    static RemotingCommand read(byte[] header) {
        return new CompactJsonHeaderReader(header).command();
    }

    private RemotingCommand command() {
        if (!take('{')) {
            return null;
        }
        RemotingCommand command = new RemotingCommand();
        if (!take('}')) {
            do {
                if (!plainString() || !take(':') || !field(command, stringStart, stringEnd)) {
                    return null;
                }
            } while (take(','));
            if (!take('}')) {
                return null;
            }
        }
        return at == in.length ? command.serializeType(SerializeType.JSON) : null;
    }

    private boolean field(RemotingCommand command, int nameStart, int nameEnd) {
        if (nameIs(nameStart, nameEnd, EXT_FIELDS)) {
            Map<String, String> fields = stringMap();
            command.extFields(fields);
            return fields != null;
        }
        if (nameIs(nameStart, nameEnd, LANGUAGE)) {
            if (!plainString()) {
                return false;
            }
            command.language(Arrays.equals(in, stringStart, stringEnd, JAVA, 0, JAVA.length) ? LanguageCode.JAVA : string());
            return true;
        }
        if (nameIs(nameStart, nameEnd, REMARK)) {
            if (literal(NULL)) {
                command.remark(null);
                return true;
            }
            if (!plainString()) {
                return false;
            }
            command.remark(string());
            return true;
        }
        boolean known = nameIs(nameStart, nameEnd, CODE) || nameIs(nameStart, nameEnd, OPAQUE)
            || nameIs(nameStart, nameEnd, VERSION) || nameIs(nameStart, nameEnd, FLAG);
        if (!known) {
            return at < in.length && in[at] == '"' ? plainString() : intValue() != NOT_AN_INT;
        }
        long value = intValue();
        if (value == NOT_AN_INT) {
            return false;
        }
        switch (nameEnd - nameStart) {
            case 4 -> {
                if (in[nameStart] == 'c') {
                    command.code((int) value);
                } else {
                    command.flag((int) value);
                }
            }
            case 6 -> command.opaque((int) value);
            default -> command.version((int) value);
        }
        return true;
    }

    /** {@code {"name":"value",...}}: null when any name or value is not a plain string. */
    private Map<String, String> stringMap() {
        if (!take('{')) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (take('}')) {
            return fields;
        }
        do {
            if (!plainString() || !take(':')) {
                return null;
            }
            String name = string();
            if (!plainString()) {
                return null;
            }
            fields.put(name, string());
        } while (take(','));
        return take('}') ? fields : null;
    }

    /** A quoted string of printable ASCII without escapes; its content is then at stringStart..stringEnd. */
    private boolean plainString() {
        if (!take('"')) {
            return false;
        }
        int start = at;
        for (int i = start; i < in.length; i++) {
            byte b = in[i];
            if (b == '"') {
                stringStart = start;
                stringEnd = i;
                at = i + 1;
                return true;
            }
            if (b < 0x20 || b == '\\' || b == 0x7F) {
                return false;
            }
        }
        return false;
    }

    private String string() {
        // printable ASCII only: Latin-1 decoding copies the bytes as they are
        return new String(in, stringStart, stringEnd - stringStart, StandardCharsets.ISO_8859_1);
    }

    /** An integer in int range, written as JSON writes it (no leading zeros, no fraction or exponent). */
    private long intValue() {
        int start = at;
        boolean negative = at < in.length && in[at] == '-';
        if (negative) {
            at++;
        }
        int firstDigit = at;
        long value = 0;
        while (at < in.length && in[at] >= '0' && in[at] <= '9' && at - firstDigit < 10) {
            value = value * 10 + (in[at++] - '0');
        }
        int digits = at - firstDigit;
        boolean plain = digits > 0 && !(digits > 1 && in[firstDigit] == '0') && !(negative && value == 0);
        if (negative) {
            value = -value;
        }
        if (!plain || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            at = start;
            return NOT_AN_INT;
        }
        return value;
    }

    private boolean literal(byte[] word) {
        if (Arrays.equals(in, at, Math.min(in.length, at + word.length), word, 0, word.length)) {
            at += word.length;
            return true;
        }
        return false;
    }

    private boolean nameIs(int start, int end, byte[] name) {
        return Arrays.equals(in, start, end, name, 0, name.length);
    }

    private boolean take(char c) {
        if (at < in.length && in[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
