package io.namesrv.dist.bench;

import io.namesrv.remoting.protocol.DecimalDigits;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GET_ROUTEINFO_BY_TOPIC request frames as Apache's 5.x client sends them (JSON header,
 * extFields {topic}, the client's version, no body), written straight into a pooled buffer from
 * fixed parts, the topic's name and the opaque's digits: no command object, no JSON library.
 * Frames are appended to a buffer that may hold others, so that a batch costs one allocation.
 *
 * <p>The names are kept back to back in one array, not as a prefix per topic, so that a million
 * topics (ScaleComparisonBench) take their names' bytes and not a million arrays of headers.
 */
final class RouteQueryFrames {
    static final int GET_ROUTEINFO_BY_TOPIC = 105;
    private static final byte[] BEFORE_TOPIC = ("{\"code\":" + GET_ROUTEINFO_BY_TOPIC + ",\"extFields\":{\"topic\":\"")
        .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AFTER_TOPIC = "\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NO_ESCAPING = Pattern.compile("[A-Za-z0-9_%|-]+");

    /** Every topic's name, back to back: topic i's is names[nameStarts[i] .. nameStarts[i + 1]). */
    private final byte[] names;
    private final int[] nameStarts;
    private final byte[] suffix;
    private final int maxFrameLength;

    RouteQueryFrames(List<String> topics, int clientVersion) {
        nameStarts = new int[topics.size() + 1];
        long total = 0;
        int longestName = 0;
        for (int i = 0; i < topics.size(); i++) {
            String topic = topics.get(i);
            if (!NO_ESCAPING.matcher(topic).matches()) {
                throw new IllegalArgumentException("topic name needs JSON escaping: " + topic);
            }
            total += topic.length();
            longestName = Math.max(longestName, topic.length());
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("the topics' names take " + total + " bytes, more than an array holds");
        }
        names = new byte[(int) total];
        int at = 0;
        for (int i = 0; i < topics.size(); i++) {
            byte[] name = topics.get(i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, names, at, name.length);
            nameStarts[i] = at;
            at += name.length;
        }
        nameStarts[topics.size()] = at;
        suffix = (",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":" + clientVersion + "}")
            .getBytes(StandardCharsets.US_ASCII);
        maxFrameLength = 8 + BEFORE_TOPIC.length + longestName + AFTER_TOPIC.length + DecimalDigits.count(Integer.MAX_VALUE)
            + suffix.length;
    }

    int topicCount() {
        return nameStarts.length - 1;
    }

    /** The longest frame {@link #write} appends. */
    int maxFrameLength() {
        return maxFrameLength;
    }

    /** Appends a whole frame (length, header length, JSON header) asking for topic number {@code topic}, with a non-negative opaque. */
    void write(ByteBuf buf, int topic, int opaque) {
        int nameStart = nameStarts[topic];
        int nameLength = nameStarts[topic + 1] - nameStart;
        int headerLength = BEFORE_TOPIC.length + nameLength + AFTER_TOPIC.length + DecimalDigits.count(opaque) + suffix.length;
        buf.writeInt(4 + headerLength);
        buf.writeInt(headerLength); // serialize type JSON (0) in the high byte
        buf.writeBytes(BEFORE_TOPIC);
        buf.writeBytes(names, nameStart, nameLength);
        buf.writeBytes(AFTER_TOPIC);
        DecimalDigits.write(buf, opaque);
        buf.writeBytes(suffix);
    }
}
