package io.namesrv.remoting.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.namesrv.core.durability.StoreStatus;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The body of {@code /health}: liveness, readiness, and the store's state. A store that is behind
 * does not make the server unready: it serves routes correctly from memory.
 */
final class HealthJson {
    private static final JsonFactory JSON = new JsonFactory();

    private HealthJson() {
    }

    /** @param store null before the store is open */
    static String of(boolean ready, StoreStatus store) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeBooleanField("live", true);
            json.writeBooleanField("ready", ready);
            if (store != null) {
                json.writeObjectFieldStart("store");
                json.writeStringField("state", store.behind() ? "behind" : "in-step");
                if (store.behind()) {
                    json.writeStringField("cause", store.cause());
                    json.writeStringField("behindSince", Instant.ofEpochMilli(store.behindSinceMillis()).toString());
                }
                json.writeNumberField("backlog", store.backlog());
                if (store.lastWriteMillis() > 0) {
                    json.writeStringField("lastWrite", Instant.ofEpochMilli(store.lastWriteMillis()).toString());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }
}
