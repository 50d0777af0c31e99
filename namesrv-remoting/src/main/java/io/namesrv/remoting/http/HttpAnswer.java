package io.namesrv.remoting.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;

/** What the status page, its API or the address server answer one request: a status, a content type and a body. */
record HttpAnswer(HttpResponseStatus status, String contentType, byte[] body) {
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    static HttpAnswer json(HttpResponseStatus status, String body) {
        return new HttpAnswer(status, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpAnswer text(HttpResponseStatus status, String body) {
        return new HttpAnswer(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }
}
