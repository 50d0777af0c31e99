package io.namesrv.core.config;

import java.util.Objects;
import java.util.function.Function;

/** A named, typed configuration key with its default and a line of documentation. */
public record ConfigKey<T>(String name, String defaultValue, Function<String, T> parser, String description) {
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parser, "parser");
    }

    public static ConfigKey<Integer> intKey(String name, int defaultValue, String description) {
        return new ConfigKey<>(name, Integer.toString(defaultValue), Integer::valueOf, description);
    }

    public static ConfigKey<Long> longKey(String name, long defaultValue, String description) {
        return new ConfigKey<>(name, Long.toString(defaultValue), Long::valueOf, description);
    }

    public static ConfigKey<Boolean> boolKey(String name, boolean defaultValue, String description) {
        return new ConfigKey<>(name, Boolean.toString(defaultValue), ConfigKey::parseBoolean, description);
    }

    public static ConfigKey<String> stringKey(String name, String defaultValue, String description) {
        return new ConfigKey<>(name, defaultValue, Function.identity(), description);
    }

    public T parse(String raw) {
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException("invalid value '" + raw + "' for config key " + name + ": " + e.getMessage());
        }
    }

    private static Boolean parseBoolean(String raw) {
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        if (raw.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false");
    }
}
