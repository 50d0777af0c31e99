package io.namesrv.remoting.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The status page's files, packaged in the jar and read once: {@code /} (the HTML), its script and
 * its style sheet. The page loads nothing else; what it shows it reads from {@link StatusApi}.
 */
final class StatusPage {
    private static final String RESOURCES = "status/";

    private final Map<String, HttpAnswer> files = Map.of(
        "/", file("index.html", "text/html; charset=utf-8"),
        "/status.js", file("status.js", "text/javascript; charset=utf-8"),
        "/status.css", file("status.css", "text/css; charset=utf-8"));

    boolean serves(String path) {
        return files.containsKey(path);
    }

    HttpAnswer answer(String path) {
        return files.get(path);
    }

    private static HttpAnswer file(String name, String contentType) {
        try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the status page's " + name + " is missing from the jar");
            }
            return new HttpAnswer(HttpResponseStatus.OK, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
