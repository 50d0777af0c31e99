package io.namesrv.remoting.body;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes JSON the way fastjson does, which Jackson cannot: map keys that are numbers may be written
 * without quotes. Strings are escaped as fastjson escapes them (quote, backslash, control
 * characters); everything else is written as is, in UTF-8.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    private final Deque<Boolean> firstInScope = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        firstInScope.push(true);
        return this;
    }

    public JsonWriter endObject() {
        firstInScope.pop();
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        firstInScope.push(true);
        return this;
    }

    public JsonWriter endArray() {
        firstInScope.pop();
        out.append(']');
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        writeString(name);
        out.append(':');
        afterName = true;
        return this;
    }

    /**
     * A numeric map key: unquoted, as fastjson writes non-string keys by default, or quoted, as it
     * does in its standard (browser-compatible) form.
     */
    public JsonWriter numericName(long name, boolean quoted) {
        if (quoted) {
            return name(Long.toString(name));
        }
        separate();
        out.append(name).append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            writeString(value);
        }
        return this;
    }

    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else {
            separate();
        }
    }

    private void separate() {
        if (firstInScope.isEmpty()) {
            return;
        }
        if (firstInScope.peek()) {
            firstInScope.pop();
            firstInScope.push(false);
        } else {
            out.append(',');
        }
    }

    private void writeString(String s) {
        appendQuoted(out, s);
    }

    /** {@code s} as a JSON string, quoted and escaped as fastjson escapes it. */
    public static String quoted(String s) {
        return appendQuoted(new StringBuilder(s.length() + 8), s).toString();
    }

    private static StringBuilder appendQuoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
