package io.namesrv.api.model;

/**
 * The version a broker stamps on its topic configuration; a registration whose version equals the
 * stored one carries no route change.
 */
public record DataVersion(long stateVersion, long timestamp, long counter) {
    public static final DataVersion ZERO = new DataVersion(0, 0, 0);
}
