package io.namesrv.remoting.handler;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.remoting.protocol.RemotingCommand;

/** Reads a request's custom header fields, refusing missing or malformed ones as Apache does. */
public final class Headers {
    private Headers() {
    }

    public static String required(RemotingCommand request, String name) {
        String value = request.extField(name);
        if (value == null) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "the custom field <" + name + "> is null");
        }
        return value;
    }

    public static long requiredLong(RemotingCommand request, String name) {
        return parseLong(name, required(request, name));
    }

    public static Long optionalLong(RemotingCommand request, String name) {
        String value = request.extField(name);
        return value == null ? null : parseLong(name, value);
    }

    public static int optionalInt(RemotingCommand request, String name, int defaultValue) {
        String value = request.extField(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw malformed(name, value);
        }
    }

    public static Boolean optionalBoolean(RemotingCommand request, String name) {
        String value = request.extField(name);
        return value == null ? null : Boolean.parseBoolean(value.trim());
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw malformed(name, value);
        }
    }

    private static RequestException malformed(String name, String value) {
        return new RequestException(ResponseCode.SYSTEM_ERROR,
            "the custom field <" + name + "> is not a number: " + value);
    }
}
