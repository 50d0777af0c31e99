package io.namesrv.remoting.http;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one API request, checked: an unknown or repeated parameter, or a number out
 * of its range, is a {@link BadRequestException} naming what is accepted, rather than being ignored.
 */
final class QueryParams {
    private final Map<String, List<String>> params;

    QueryParams(String path, Map<String, List<String>> params, Set<String> accepted) {
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (!accepted.contains(param.getKey())) {
                throw new BadRequestException("unknown parameter '" + param.getKey() + "': " + path
                    + (accepted.isEmpty() ? " takes none" : " takes " + String.join(", ", new TreeSet<>(accepted))));
            }
            if (param.getValue().size() > 1) {
                throw new BadRequestException("parameter '" + param.getKey() + "' given " + param.getValue().size() + " times");
            }
        }
        this.params = params;
    }

    /** The value, or {@code defaultValue} when the parameter is absent. */
    String text(String name, String defaultValue) {
        List<String> values = params.get(name);
        return values == null ? defaultValue : values.get(0);
    }

    /** The value, which must be there and not blank. */
    String required(String name) {
        String value = text(name, "");
        if (value.isBlank()) {
            throw new BadRequestException("parameter '" + name + "' is required");
        }
        return value;
    }

    /** A whole number in {@code min..max}; {@code defaultValue} when absent. */
    int integer(String name, int defaultValue, int min, int max) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException("parameter '" + name + "' must be a whole number, not '" + value + "'");
        }
        if (number < min || number > max) {
            throw new BadRequestException("parameter '" + name + "' must be between " + min + " and " + max + ", not " + number);
        }
        return number;
    }
}
