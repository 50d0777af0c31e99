package io.namesrv.remoting.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.namesrv.remoting.body.Json;
import io.namesrv.remoting.body.JsonWriter;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON header form: an object with code, language, version, opaque, flag, remark and extFields. */
final class JsonHeaderCodec {
    private static final byte[] CODE = ascii("{\"code\":");
    private static final byte[] EXT_FIELDS = ascii(",\"extFields\":");
    private static final byte[] FLAG = ascii(",\"flag\":");
    private static final byte[] LANGUAGE = ascii(",\"language\":");
    private static final byte[] OPAQUE = ascii(",\"opaque\":");
    private static final byte[] REMARK = ascii(",\"remark\":");
    private static final byte[] SERIALIZE_TYPE_AND_VERSION = ascii(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
    private static final byte[] NULL = ascii("null");

    private JsonHeaderCodec() {
    }

    static RemotingCommand decode(byte[] header) {
        RemotingCommand compact = CompactJsonHeaderReader.read(header);
        return compact != null ? compact : parse(header);
    }

    /** The full parser: any JSON header, or a FrameFormatException that says what is wrong with it. */
    static RemotingCommand parse(byte[] header) {
        RemotingCommand command = new RemotingCommand();
        try (JsonParser parser = Json.FACTORY.createParser(header)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new FrameFormatException("JSON header is not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "code" -> command.code(parser.getValueAsInt());
                    case "language" -> command.language(parser.getValueAsString());
                    case "version" -> command.version(parser.getValueAsInt());
                    case "opaque" -> command.opaque(parser.getValueAsInt());
                    case "flag" -> command.flag(parser.getValueAsInt());
                    case "remark" -> command.remark(value == JsonToken.VALUE_NULL ? null : parser.getValueAsString());
                    case "extFields" -> command.extFields(readStringMap(parser, value));
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new FrameFormatException("JSON header has trailing content");
            }
        } catch (JsonProcessingException e) {
            throw new FrameFormatException("invalid JSON header: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // nothing is read from a device here: bytes Jackson took for UTF-16/32 and could not decode
            throw new FrameFormatException("unreadable JSON header: " + e.getMessage(), e);
        }
        return command.serializeType(SerializeType.JSON);
    }

    private static Map<String, String> readStringMap(JsonParser parser, JsonToken start) throws IOException {
        if (start == JsonToken.VALUE_NULL) {
            return null;
        }
        if (start != JsonToken.START_OBJECT) {
            throw new FrameFormatException("extFields is not an object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value.isStructStart()) {
                throw new FrameFormatException("extFields." + name + " is not a plain value");
            }
            if (value != JsonToken.VALUE_NULL) {
                fields.put(name, parser.getValueAsString());
            }
        }
        return fields;
    }

    /**
     * Writes the header as fastjson writes it (fields in name order, compact), straight into the
     * frame: no generator and no intermediate array per response.
     */
    static void encode(RemotingCommand command, ByteBuf out) {
        out.writeBytes(CODE);
        DecimalDigits.write(out, command.code());
        if (command.extFields() != null) {
            out.writeBytes(EXT_FIELDS);
            char separator = '{';
            for (Map.Entry<String, String> e : command.extFields().entrySet()) {
                out.writeByte(separator);
                writeString(out, e.getKey());
                out.writeByte(':');
                writeString(out, e.getValue());
                separator = ',';
            }
            if (separator == '{') {
                out.writeByte('{');
            }
            out.writeByte('}');
        }
        out.writeBytes(FLAG);
        DecimalDigits.write(out, command.flag());
        out.writeBytes(LANGUAGE);
        writeString(out, command.language());
        out.writeBytes(OPAQUE);
        DecimalDigits.write(out, command.opaque());
        if (command.remark() != null) {
            out.writeBytes(REMARK);
            writeString(out, command.remark());
        }
        out.writeBytes(SERIALIZE_TYPE_AND_VERSION);
        DecimalDigits.write(out, command.version());
        out.writeByte('}');
    }

    private static void writeString(ByteBuf out, String s) {
        if (s == null) {
            out.writeBytes(NULL);
        } else if (isPlain(s)) {
            out.writeByte('"');
            out.writeCharSequence(s, StandardCharsets.US_ASCII);
            out.writeByte('"');
        } else {
            out.writeCharSequence(JsonWriter.quoted(s), StandardCharsets.UTF_8);
        }
    }

    /** Printable ASCII that JSON writes as it is. */
    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
