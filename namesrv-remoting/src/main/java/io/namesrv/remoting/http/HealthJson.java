package io.namesrv.remoting.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.namesrv.core.durability.StoreStatus;

import java.io.IOException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The body of {@code /health}: liveness, readiness, and the store's state. A store that is behind
 * does not make the server unready: it serves routes correctly from memory.
 */
final class HealthJson {
    /** A JDBC URL may carry a user and password; a driver's message may quote it. */
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:\\S+");

    private HealthJson() {
    }

    /** @param store null before the store is open */
    static String of(boolean ready, StoreStatus store) {
        return JsonBody.of(json -> {
            json.writeStartObject();
            json.writeBooleanField("live", true);
            json.writeBooleanField("ready", ready);
            if (store != null) {
                json.writeFieldName("store");
                writeStore(json, store);
            }
            json.writeEndObject();
        });
    }

    /** The store's state as an object: {@code /health} and the status page show the same. */
    static void writeStore(JsonGenerator json, StoreStatus store) throws IOException {
        json.writeStartObject();
        json.writeStringField("state", store.behind() ? "behind" : "in-step");
        if (store.behind()) {
            json.writeStringField("cause", JDBC_URL.matcher(store.cause()).replaceAll("jdbc:(hidden)"));
            json.writeStringField("behindSince", Instant.ofEpochMilli(store.behindSinceMillis()).toString());
        }
        json.writeNumberField("backlog", store.backlog());
        if (store.lastWriteMillis() > 0) {
            json.writeStringField("lastWrite", Instant.ofEpochMilli(store.lastWriteMillis()).toString());
        }
        json.writeEndObject();
    }
}
