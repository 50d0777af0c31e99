package io.namesrv.remoting.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.namesrv.remoting.body.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** A JSON document written with Jackson's generator into a string, one per line, as the HTTP answers are. */
final class JsonBody {
    /** What writes the document. */
    @FunctionalInterface
    interface Content {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private JsonBody() {
    }

    static String of(Content content) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            content.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    /** {@code {"error":"..."}}: what a refused API request is answered. */
    static String error(String message) {
        return of(json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }
}
