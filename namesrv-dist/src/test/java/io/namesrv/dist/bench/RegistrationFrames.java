package io.namesrv.dist.bench;

import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.Crc32Combine;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * REGISTER_BROKER frames as the real 5.4.0 broker sends them (uncompressed JSON
 * RegisterBrokerBody encoded by Apache's own classes, bodyCrc32 as UtilAll.crc32 computes it,
 * the same header fields), for a broker holding every bench topic.
 *
 * <p>Apache encodes the 10,000-topic body once, with sentinel numbers as its data version; each
 * frame splices a new counter and timestamp in, so every registration is a real change (a data
 * version the server has not seen) without re-encoding a megabyte of JSON. A second body differs
 * in one topic (read-only), for registrations whose topic table changes each time.
 */
public final class RegistrationFrames {
    static final int REGISTER_BROKER = 103;
    static final int BROKER_HEARTBEAT = 904;
    private static final long SENTINEL_TIMESTAMP = 1_111_111_111_111L;
    private static final long SENTINEL_COUNTER = 7_777_777_777L;
    static final int READ_WRITE = 6;
    static final int READ_ONLY = 4;

    private final BodyTemplate usual;
    private final BodyTemplate oneTopicReadOnly;
    private final int clientVersion;
    private final long heartbeatTimeoutMillis;

    RegistrationFrames(List<String> topics, int clientVersion, long heartbeatTimeoutMillis) {
        this.clientVersion = clientVersion;
        this.heartbeatTimeoutMillis = heartbeatTimeoutMillis;
        this.usual = new BodyTemplate(apacheBody(topics, 0, SENTINEL_COUNTER, SENTINEL_TIMESTAMP));
        this.oneTopicReadOnly = new BodyTemplate(apacheBody(topics, 1, SENTINEL_COUNTER, SENTINEL_TIMESTAMP));
    }

    /** Apache's encoding of a body holding {@code topics}, all read-write. */
    public static byte[] apacheBody(List<String> topics) {
        return apacheBody(topics, 0, SENTINEL_COUNTER, SENTINEL_TIMESTAMP);
    }

    /**
     * Apache's encoding of a body holding {@code topics} (8 queues each), the first
     * {@code readOnlyTopics} of them read-only and the rest read-write, with data version
     * {counter, timestamp}.
     */
    static byte[] apacheBody(List<String> topics, int readOnlyTopics, long counter, long timestamp) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        DataVersion version = new DataVersion();
        version.setTimestamp(timestamp);
        version.setCounter(new AtomicLong(counter));
        wrapper.setDataVersion(version);
        for (int i = 0; i < topics.size(); i++) {
            String topic = topics.get(i);
            wrapper.getTopicConfigTable().put(topic, new TopicConfig(topic, 8, 8, i < readOnlyTopics ? READ_ONLY : READ_WRITE));
        }
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(List.of());
        return body.encode(false);
    }

    /** The body's size in bytes (within a few digits). */
    int bodySize() {
        return usual.size();
    }

    /** A whole REGISTER_BROKER frame for {@code broker} with a new data version. */
    ByteBuf registerFrame(ByteBufAllocator alloc, BrokerIdentity broker, long counter, int opaque) {
        return registerFrame(alloc, broker, counter, opaque, false);
    }

    /**
     * The frame is the header and the body's first bytes (up to its data version) in a new buffer,
     * then the rest of the body, the same megabyte every time, as a view of one buffer made once:
     * the load generator shares its CPU with the route clients it times, and copying and checksumming
     * 1.7 MB per registration took a quarter of that CPU in a storm.
     *
     * @param oneTopicChanged the body whose first topic is read-only, not the usual one
     */
    ByteBuf registerFrame(ByteBufAllocator alloc, BrokerIdentity broker, long counter, int opaque, boolean oneTopicChanged) {
        BodyTemplate template = oneTopicChanged ? oneTopicReadOnly : usual;
        byte[] head = template.head(counter, System.currentTimeMillis());
        CRC32 headCrc = new CRC32();
        headCrc.update(head);
        long crc = Crc32Combine.combine(headCrc.getValue(), template.restCrc, template.rest.readableBytes());
        RemotingCommand command = registerRequest(broker, head, crc, heartbeatTimeoutMillis, clientVersion).opaque(opaque);
        ByteBuf start = alloc.ioBuffer(head.length + 1024);
        CommandCodec.encode(command, start);
        start.setInt(0, start.getInt(0) + template.rest.readableBytes());
        return alloc.compositeDirectBuffer(2).addComponents(true, start, template.rest.duplicate());
    }

    /**
     * A whole REGISTER_BROKER frame of {@code body} (from {@link #apacheBody(List, int, long, long)})
     * in one new buffer: for brokers whose every registration has a body of its own.
     */
    static ByteBuf registerFrame(ByteBufAllocator alloc, BrokerIdentity broker, byte[] body, int opaque,
                                 long heartbeatTimeoutMillis, int clientVersion) {
        RemotingCommand command = registerRequest(broker, body, heartbeatTimeoutMillis, clientVersion).opaque(opaque);
        ByteBuf frame = alloc.ioBuffer(body.length + 1024);
        CommandCodec.encode(command, frame);
        return frame;
    }

    /**
     * A REGISTER_BROKER request of a master with the header fields the real broker sends, for an
     * uncompressed {@code body} (a JSON RegisterBrokerBody).
     */
    public static RemotingCommand registerRequest(BrokerIdentity broker, byte[] body, long heartbeatTimeoutMillis,
                                                  int clientVersion) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return registerRequest(broker, body, crc.getValue(), heartbeatTimeoutMillis, clientVersion);
    }

    /** As {@link #registerRequest(BrokerIdentity, byte[], long, int)}, {@code body} perhaps the start of it, its CRC-32 given. */
    private static RemotingCommand registerRequest(BrokerIdentity broker, byte[] body, long bodyCrc32,
                                                   long heartbeatTimeoutMillis, int clientVersion) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("brokerAddr", broker.address());
        fields.put("brokerId", "0");
        fields.put("brokerName", broker.name());
        fields.put("clusterName", broker.cluster());
        fields.put("haServerAddr", "127.0.0.1:1");
        fields.put("enableActingMaster", "false");
        fields.put("compressed", "false");
        fields.put("heartbeatTimeoutMillis", Long.toString(heartbeatTimeoutMillis));
        fields.put("bodyCrc32", Integer.toString((int) (bodyCrc32 & 0x7FFFFFFF)));
        return RemotingCommand.request(REGISTER_BROKER, fields).version(clientVersion).body(body);
    }

    /** A BROKER_HEARTBEAT frame: keeps the broker live and its connection from idling out. */
    static ByteBuf heartbeatFrame(ByteBufAllocator alloc, BrokerIdentity broker, int opaque, long heartbeatTimeoutMillis,
                                  int clientVersion) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("clusterName", broker.cluster());
        fields.put("brokerAddr", broker.address());
        fields.put("brokerName", broker.name());
        fields.put("brokerId", "0");
        fields.put("heartbeatTimeoutMills", Long.toString(heartbeatTimeoutMillis));
        RemotingCommand command = RemotingCommand.request(BROKER_HEARTBEAT, fields).opaque(opaque).version(clientVersion);
        ByteBuf buf = alloc.ioBuffer(512);
        CommandCodec.encode(command, buf);
        return buf;
    }


    /**
     * An encoded body with its data version cut out, to splice each new one into: a new head, up to
     * and with the data version, and the rest, the same every time, in a buffer made once (direct,
     * so that a socket write takes it without a copy) that frames hold views of.
     */
    private static final class BodyTemplate {
        private final byte[] beforeFirst;
        private final byte[] between;
        private final boolean timestampFirst;
        private final ByteBuf rest;
        private final long restCrc;

        BodyTemplate(byte[] encoded) {
            byte[] ts = Long.toString(SENTINEL_TIMESTAMP).getBytes(StandardCharsets.US_ASCII);
            byte[] counter = Long.toString(SENTINEL_COUNTER).getBytes(StandardCharsets.US_ASCII);
            int tsAt = onlyIndexOf(encoded, ts);
            int counterAt = onlyIndexOf(encoded, counter);
            timestampFirst = tsAt < counterAt;
            int firstAt = Math.min(tsAt, counterAt);
            int firstLen = timestampFirst ? ts.length : counter.length;
            int secondAt = Math.max(tsAt, counterAt);
            int secondLen = timestampFirst ? counter.length : ts.length;
            beforeFirst = slice(encoded, 0, firstAt);
            between = slice(encoded, firstAt + firstLen, secondAt);
            byte[] afterSecond = slice(encoded, secondAt + secondLen, encoded.length);
            rest = Unpooled.unreleasableBuffer(Unpooled.directBuffer(afterSecond.length).writeBytes(afterSecond));
            CRC32 crc = new CRC32();
            crc.update(afterSecond);
            restCrc = crc.getValue();
        }

        int size() {
            return beforeFirst.length + between.length + rest.readableBytes() + 26;
        }

        /** The body's first bytes, up to and with data version {counter, timestamp}. */
        byte[] head(long counter, long timestamp) {
            byte[] c = Long.toString(counter).getBytes(StandardCharsets.US_ASCII);
            byte[] t = Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII);
            byte[] first = timestampFirst ? t : c;
            byte[] second = timestampFirst ? c : t;
            byte[] out = new byte[beforeFirst.length + first.length + between.length + second.length];
            int at = 0;
            for (byte[] part : new byte[][] {beforeFirst, first, between, second}) {
                System.arraycopy(part, 0, out, at, part.length);
                at += part.length;
            }
            return out;
        }

        private static int onlyIndexOf(byte[] haystack, byte[] needle) {
            int found = -1;
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int k = 0; k < needle.length; k++) {
                    if (haystack[i + k] != needle[k]) {
                        continue outer;
                    }
                }
                if (found >= 0) {
                    throw new IllegalStateException("sentinel " + new String(needle, StandardCharsets.US_ASCII) + " twice in the body");
                }
                found = i;
            }
            if (found < 0) {
                throw new IllegalStateException("sentinel " + new String(needle, StandardCharsets.US_ASCII) + " not in the body");
            }
            return found;
        }

        private static byte[] slice(byte[] a, int from, int to) {
            byte[] out = new byte[to - from];
            System.arraycopy(a, from, out, 0, out.length);
            return out;
        }
    }
}
