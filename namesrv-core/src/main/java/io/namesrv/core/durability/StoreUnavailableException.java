package io.namesrv.core.durability;

import io.namesrv.core.spi.StoreException;

/** A write the server refused because the store cannot take it now; nothing changed. */
public final class StoreUnavailableException extends StoreException {
    StoreUnavailableException(String message) {
        super(message);
    }
}
