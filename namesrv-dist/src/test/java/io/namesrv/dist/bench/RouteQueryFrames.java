package io.namesrv.dist.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GET_ROUTEINFO_BY_TOPIC request frames as Apache's 5.x client sends them (JSON header,
 * extFields {topic}, the client's version, no body), written straight into a pooled buffer from
 * a per-topic prefix, the opaque's digits and a fixed suffix: no command object, no JSON library.
 */
final class RouteQueryFrames {
    static final int GET_ROUTEINFO_BY_TOPIC = 105;

    private final byte[][] prefixes;
    private final byte[] suffix;

    RouteQueryFrames(List<String> topics, int clientVersion) {
        prefixes = new byte[topics.size()][];
        for (int i = 0; i < prefixes.length; i++) {
            String topic = topics.get(i);
            if (!topic.matches("[A-Za-z0-9_%|-]+")) {
                throw new IllegalArgumentException("topic name needs JSON escaping: " + topic);
            }
            prefixes[i] = ("{\"code\":" + GET_ROUTEINFO_BY_TOPIC + ",\"extFields\":{\"topic\":\"" + topic
                + "\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":").getBytes(StandardCharsets.US_ASCII);
        }
        suffix = (",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":" + clientVersion + "}")
            .getBytes(StandardCharsets.US_ASCII);
    }

    int topicCount() {
        return prefixes.length;
    }

    /** A whole frame (length, header length, JSON header) asking for topic number {@code topic}. */
    ByteBuf write(ByteBufAllocator alloc, int topic, int opaque) {
        byte[] prefix = prefixes[topic];
        int digits = digits(opaque);
        int headerLength = prefix.length + digits + suffix.length;
        ByteBuf buf = alloc.ioBuffer(8 + headerLength);
        buf.writeInt(4 + headerLength);
        buf.writeInt(headerLength); // serialize type JSON (0) in the high byte
        buf.writeBytes(prefix);
        writeDigits(buf, opaque, digits);
        buf.writeBytes(suffix);
        return buf;
    }

    private static int digits(int nonNegative) {
        int d = 1;
        for (long p = 10; p <= nonNegative; p *= 10) {
            d++;
        }
        return d;
    }

    private static void writeDigits(ByteBuf buf, int nonNegative, int digits) {
        int at = buf.writerIndex();
        buf.writerIndex(at + digits);
        int v = nonNegative;
        for (int i = digits - 1; i >= 0; i--) {
            buf.setByte(at + i, '0' + v % 10);
            v /= 10;
        }
    }
}
