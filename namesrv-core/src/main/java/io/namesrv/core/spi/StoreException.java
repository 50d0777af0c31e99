package io.namesrv.core.spi;

/** A store could not read or write; what was asked of it did not happen. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
