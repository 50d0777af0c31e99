package io.namesrv.remoting.protocol;

/** A frame that cannot be decoded; the connection it came on cannot be trusted any more. */
public class FrameFormatException extends RuntimeException {
    public FrameFormatException(String message) {
        super(message);
    }

    public FrameFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
