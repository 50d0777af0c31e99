package io.namesrv.remoting.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.namesrv.remoting.body.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON header form: an object with code, language, version, opaque, flag, remark and extFields. */
final class JsonHeaderCodec {
    private JsonHeaderCodec() {
    }

    static RemotingCommand decode(byte[] header) {
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

    static byte[] encode(RemotingCommand command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator gen = Json.FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeNumberField("code", command.code());
            if (command.extFields() != null) {
                gen.writeObjectFieldStart("extFields");
                for (Map.Entry<String, String> e : command.extFields().entrySet()) {
                    gen.writeStringField(e.getKey(), e.getValue());
                }
                gen.writeEndObject();
            }
            gen.writeNumberField("flag", command.flag());
            gen.writeStringField("language", command.language());
            gen.writeNumberField("opaque", command.opaque());
            if (command.remark() != null) {
                gen.writeStringField("remark", command.remark());
            }
            gen.writeStringField("serializeTypeCurrentRPC", SerializeType.JSON.name());
            gen.writeNumberField("version", command.version());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
