package io.namesrv.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /** Values are the constants' names in lower case, as RocketMQ writes them ({@code tls.server.mode=enforcing}); read in any case. */
    public static <E extends Enum<E>> ConfigKey<E> enumKey(String name, E defaultValue, String description) {
        Class<E> type = defaultValue.getDeclaringClass();
        return new ConfigKey<>(name, defaultValue.name().toLowerCase(Locale.ROOT), raw -> parseEnum(type, raw), description);
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

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String raw) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("expected one of " + Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
