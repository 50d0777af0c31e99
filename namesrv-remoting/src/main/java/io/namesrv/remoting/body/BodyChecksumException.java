package io.namesrv.remoting.body;

/** A body whose CRC-32 is not the one its header gives: it was damaged on the way. */
public final class BodyChecksumException extends BodyFormatException {
    public BodyChecksumException() {
        super("crc32 not match");
    }
}
