package io.namesrv.remoting.handler;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * The names of the request and response codes, read once from the constants of {@link RequestCode}
 * and {@link ResponseCode}, so that a new constant is named without a second list to keep up.
 */
public final class ProtocolCodeNames {
    public static final Map<Integer, String> REQUESTS = namesOf(RequestCode.class);
    static final Map<Integer, String> RESPONSES = namesOf(ResponseCode.class);

    private ProtocolCodeNames() {
    }

    private static Map<Integer, String> namesOf(Class<?> constants) {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : constants.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == int.class) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("public constant " + field + " is not readable", e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
