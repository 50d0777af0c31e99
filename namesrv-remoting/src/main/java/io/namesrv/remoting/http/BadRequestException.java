package io.namesrv.remoting.http;

/** A status API request the server cannot answer as asked; its message tells the caller what to change. */
final class BadRequestException extends IllegalArgumentException {
    BadRequestException(String message) {
        super(message);
    }
}
