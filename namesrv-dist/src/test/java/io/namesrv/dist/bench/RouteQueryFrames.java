package io.namesrv.dist.bench;

import io.namesrv.remoting.protocol.DecimalDigits;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GET_ROUTEINFO_BY_TOPIC request frames as Apache's 5.x client sends them (JSON header,
 * extFields {topic}, the client's version, no body), written straight into a pooled buffer from
 * a per-topic prefix, the opaque's digits and a fixed suffix: no command object, no JSON library.
 * Frames are appended to a buffer that may hold others, so that a batch costs one allocation.
 */
final class RouteQueryFrames {
    static final int GET_ROUTEINFO_BY_TOPIC = 105;

    private final byte[][] prefixes;
    private final byte[] suffix;
    private final int maxFrameLength;

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
        int longestPrefix = 0;
        for (byte[] prefix : prefixes) {
            longestPrefix = Math.max(longestPrefix, prefix.length);
        }
        maxFrameLength = 8 + longestPrefix + DecimalDigits.count(Integer.MAX_VALUE) + suffix.length;
    }

    int topicCount() {
        return prefixes.length;
    }

    /** The longest frame {@link #write} appends. */
    int maxFrameLength() {
        return maxFrameLength;
    }

    /** Appends a whole frame (length, header length, JSON header) asking for topic number {@code topic}, with a non-negative opaque. */
    void write(ByteBuf buf, int topic, int opaque) {
        byte[] prefix = prefixes[topic];
        int headerLength = prefix.length + DecimalDigits.count(opaque) + suffix.length;
        buf.writeInt(4 + headerLength);
        buf.writeInt(headerLength); // serialize type JSON (0) in the high byte
        buf.writeBytes(prefix);
        DecimalDigits.write(buf, opaque);
        buf.writeBytes(suffix);
    }
}
