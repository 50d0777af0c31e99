package io.namesrv.core.config;

/** A configuration the server cannot run with; its message tells the operator what to fix. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
