package io.namesrv.remoting.body;

/** A request body that does not decode; the request is answered with an error, the connection kept. */
public class BodyFormatException extends RuntimeException {
    public BodyFormatException(String message) {
        super(message);
    }

    public BodyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
