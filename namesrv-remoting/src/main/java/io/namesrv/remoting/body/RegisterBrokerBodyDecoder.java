package io.namesrv.remoting.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.TopicConfig;
import io.namesrv.api.model.TopicQueueMapping;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.InflaterInputStream;

/**
 * Decodes RegisterBrokerBody in both of a broker's forms: fastjson JSON, or (when the header says
 * {@code compressed}) a Deflate stream of length-prefixed parts. Inflation is bounded, so a small
 * body cannot expand without limit.
 */
public final class RegisterBrokerBodyDecoder {
    private static final byte[] FILTER_SERVER_LIST = JsonBytesReader.ascii("filterServerList");
    private static final byte[] TOPIC_CONFIG_SERIALIZE_WRAPPER = JsonBytesReader.ascii("topicConfigSerializeWrapper");
    private static final byte[] DATA_VERSION = JsonBytesReader.ascii("dataVersion");
    private static final byte[] TOPIC_CONFIG_TABLE = JsonBytesReader.ascii("topicConfigTable");
    private static final byte[] TOPIC_QUEUE_MAPPING_INFO_MAP = JsonBytesReader.ascii("topicQueueMappingInfoMap");

    /**
     * Topics whose tables are remembered, over all brokers: 1,000 brokers of 10,000 topics fit. Beyond
     * the decoded configs (which the route tables hold too), a topic remembered costs 12 bytes, 200 MB
     * at this bound.
     */
    private static final long REMEMBERED_TOPICS = 1L << 24;

    private final long maxInflatedBytes;
    private final TopicTableMemo lastTables;

    public RegisterBrokerBodyDecoder(long maxInflatedBytes) {
        this(maxInflatedBytes, REMEMBERED_TOPICS);
    }

    /** @param rememberedTopics bounds the topics of the tables remembered, over all brokers */
    public RegisterBrokerBodyDecoder(long maxInflatedBytes, long rememberedTopics) {
        this.maxInflatedBytes = maxInflatedBytes;
        this.lastTables = new TopicTableMemo(rememberedTopics);
    }

    /** A body nobody re-sends: decoded in full, not remembered. */
    public RegisterBrokerBody decode(byte[] body, boolean compressed, boolean withMappings) {
        return decode(body, compressed, withMappings, null);
    }

    /**
     * @param withMappings whether a compressed body ends with static-topic mappings, as it does from
     *                     brokers of 5.0 and later
     * @param brokerAddr   the broker sending it: a JSON topic table it sent last time is not read again
     */
    public RegisterBrokerBody decode(byte[] body, boolean compressed, boolean withMappings, String brokerAddr) {
        return decode(body, compressed, withMappings, brokerAddr, null);
    }

    /** @param known what is known of the bytes where the body's table starts, or null */
    private RegisterBrokerBody decode(byte[] body, boolean compressed, boolean withMappings, String brokerAddr,
                                      KnownRepeats known) {
        if (body == null || body.length == 0) {
            return RegisterBrokerBody.EMPTY;
        }
        try {
            return compressed ? decodeCompressed(body, withMappings) : decodeJson(body, brokerAddr, null, known);
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
    }

    /**
     * As {@link #decode(byte[], boolean, boolean, String)}, for a body still in its read buffers,
     * checked first against the CRC-32 its header gives. A JSON body that repeats the topic table
     * {@code brokerAddr} sent last, as a broker re-registering every 30 s does, is hashed where it
     * lies, entry by entry, its CRC combined from the table's and that of the bytes around it, and only
     * those bytes are copied. Any other body is checksummed and copied whole, and its table read from
     * the first entry that did not repeat.
     *
     * @param bodyCrc32 the header's bodyCrc32 (the CRC-32's low 31 bits, as RocketMQ sends it), or 0
     * @throws BodyChecksumException if the body's CRC-32 is not {@code bodyCrc32}
     */
    public RegisterBrokerBody decode(ByteBuf body, boolean compressed, boolean withMappings, String brokerAddr,
                                     int bodyCrc32) {
        TopicTableMemo.Table last = compressed || brokerAddr == null ? null : lastTables.last(brokerAddr);
        KnownRepeats known = null;
        RepeatedTable repeated = null;
        if (last != null) {
            byte[] head = RepeatedTable.head(body);
            int tableAt = topicTableOffset(head);
            if (tableAt >= 0) {
                int repeats = last.repeatedEntries(body, body.readerIndex() + tableAt);
                if (repeats == last.entries().count()) {
                    repeated = RepeatedTable.of(body, head, tableAt, last);
                } else {
                    known = new KnownRepeats(tableAt, repeats);
                }
            }
        }
        if (bodyCrc32 != 0) {
            checkCrc32(bodyCrc32, repeated != null ? repeated.bodyCrc32() : crc32(body));
        }
        if (repeated == null) {
            return decode(ByteBufUtil.getBytes(body), compressed, withMappings, brokerAddr, known);
        }
        try {
            return decodeJson(repeated.document(), brokerAddr, repeated, null);
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
    }

    /**
     * Fails unless {@code crc32}, a body's CRC-32, is the header's {@code bodyCrc32}: its low 31 bits,
     * as RocketMQ's UtilAll.crc32 gives it.
     *
     * @throws BodyChecksumException if it is not
     */
    public static void checkCrc32(int bodyCrc32, long crc32) {
        if (bodyCrc32 != (int) (crc32 & 0x7FFFFFFF)) {
            throw new BodyChecksumException();
        }
    }

    private static long crc32(ByteBuf body) {
        CRC32 crc = new CRC32();
        for (ByteBuffer part : body.nioBuffers()) {
            crc.update(part);
        }
        return crc.getValue();
    }

    private static BodyFormatException failed(Exception e) {
        return new BodyFormatException("Failed to decode RegisterBrokerBody: " + e.getMessage(), e);
    }

    /**
     * Where the topic table starts in {@code head}, the first bytes of a JSON body, read as
     * {@link #decodeJson} reads them; -1 when the head ends before the table or is not such a body.
     */
    private static int topicTableOffset(byte[] head) {
        JsonBytesReader reader = new JsonBytesReader(head);
        try {
            reader.beginObject();
            for (boolean first = true; reader.nextField(first); first = false) {
                if (reader.nameIs(TOPIC_CONFIG_SERIALIZE_WRAPPER) && reader.peek() == '{') {
                    reader.beginObject();
                    for (boolean firstOfWrapper = true; reader.nextField(firstOfWrapper); firstOfWrapper = false) {
                        if (reader.nameIs(TOPIC_CONFIG_TABLE) && reader.peek() == '{') {
                            return reader.position();
                        }
                        reader.skipValue();
                    }
                } else {
                    reader.skipValue();
                }
            }
        } catch (BodyFormatException e) {
            // the head is cut short of the table, or the body is broken: decoding it whole tells which
        }
        return -1;
    }

    /**
     * Reads the body with {@link JsonBytesReader}: a registration of 10,000 topics is a 1.8 MB
     * document, read once per registration, and only six fields of each topic matter. The small
     * parts (data version, filter servers, static-topic mappings) go to Jackson by byte range.
     */
    private RegisterBrokerBody decodeJson(byte[] body, String brokerAddr, RepeatedTable repeated, KnownRepeats known)
        throws IOException {
        JsonBytesReader reader = new JsonBytesReader(body);
        reader.beginObject();
        DataVersion dataVersion = DataVersion.ZERO;
        Map<String, TopicConfig> topics = Map.of();
        Map<String, TopicQueueMapping> mappings = new HashMap<>();
        List<String> filterServers = null;
        for (boolean first = true; reader.nextField(first); first = false) {
            if (reader.nameIs(FILTER_SERVER_LIST)) {
                filterServers = stringList(subtree(reader));
            } else if (reader.nameIs(TOPIC_CONFIG_SERIALIZE_WRAPPER) && reader.peek() == '{') {
                reader.beginObject();
                for (boolean firstOfWrapper = true; reader.nextField(firstOfWrapper); firstOfWrapper = false) {
                    if (reader.nameIs(DATA_VERSION)) {
                        dataVersion = dataVersion(subtree(reader));
                    } else if (reader.nameIs(TOPIC_CONFIG_TABLE) && reader.peek() == '{') {
                        topics = topicTable(reader, brokerAddr, repeated, known);
                    } else if (reader.nameIs(TOPIC_QUEUE_MAPPING_INFO_MAP) && reader.peek() == '{') {
                        reader.beginObject();
                        for (boolean firstMapping = true; reader.nextField(firstMapping); firstMapping = false) {
                            TopicQueueMapping mapping = topicQueueMapping(subtree(reader));
                            mappings.put(mapping.topic(), mapping);
                        }
                    } else {
                        reader.skipValue();
                    }
                }
            } else {
                reader.skipValue();
            }
        }
        reader.endDocument();
        return new RegisterBrokerBody(dataVersion, topics, filterServers, mappings);
    }

    /**
     * The topicConfigTable object the reader is at: the {@code repeated} one, if it stands there, or
     * read against the one {@code brokerAddr} sent last.
     *
     * @param known how many of that last table's entries the bytes there repeat, when already known
     */
    private Map<String, TopicConfig> topicTable(JsonBytesReader reader, String brokerAddr, RepeatedTable repeated,
                                                KnownRepeats known) {
        int at = reader.position();
        if (repeated != null && at == repeated.tableAt()) {
            reader.skipValue();
            return repeated.table().topics();
        }
        TopicTableMemo.Table last = brokerAddr == null ? null : lastTables.last(brokerAddr);
        int repeats = last == null ? 0 : known != null && known.offset() == at ? known.entries()
            : last.repeatedEntries(reader.bytes(), at);
        if (last != null && repeats == last.entries().count()) {
            reader.reset(last.endIn(at));
            return last.topics();
        }
        TopicTableMemo.Table table = TopicTableReader.read(reader, last, repeats);
        if (brokerAddr != null) {
            lastTables.remember(brokerAddr, table);
        }
        return table.topics();
    }

    /** The next value, parsed by Jackson: for the small parts of the body. */
    private static JsonNode subtree(JsonBytesReader reader) throws IOException {
        int start = reader.skipValue();
        return Json.MAPPER.readTree(reader.bytes(), start, reader.position() - start);
    }

    public static DataVersion dataVersion(JsonNode node) {
        return new DataVersion(node.path("stateVersion").asLong(0), node.path("timestamp").asLong(0),
            node.path("counter").asLong(0));
    }

    private static TopicQueueMapping topicQueueMapping(JsonNode node) {
        String topic = node.path("topic").asText(null);
        String bname = node.path("bname").asText(null);
        if (topic == null || bname == null) {
            throw new BodyFormatException("a topic queue mapping has no topic or bname");
        }
        Map<Integer, Integer> ids = new TreeMap<>();
        node.path("currIdMap").fields().forEachRemaining(e -> ids.put(Integer.valueOf(e.getKey()), e.getValue().asInt()));
        return TopicQueueMapping.of(topic, node.path("scope").asText("__global__"), node.path("totalQueues").asInt(),
            bname, node.path("epoch").asLong(), node.path("dirty").asBoolean(false), ids);
    }

    private static List<String> stringList(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        node.forEach(n -> list.add(n.asText()));
        return list;
    }

    private RegisterBrokerBody decodeCompressed(byte[] body, boolean withMappings) throws IOException {
        try (DataInputStream in = new DataInputStream(
            new BoundedInputStream(new InflaterInputStream(new ByteArrayInputStream(body)), maxInflatedBytes))) {
            DataVersion dataVersion = dataVersion(Json.MAPPER.readTree(readPart(in)));
            int topicCount = in.readInt();
            if (topicCount < 0) {
                throw new BodyFormatException("negative topic count " + topicCount);
            }
            List<TopicConfig> written = new ArrayList<>();
            for (int i = 0; i < topicCount; i++) {
                written.add(topicConfigText(new String(readPart(in), StandardCharsets.UTF_8)));
            }
            List<String> filterServers = stringList(Json.MAPPER.readTree(readPart(in)));
            Map<String, TopicQueueMapping> mappings = new HashMap<>();
            int mappingCount = withMappings ? in.readInt() : 0;
            for (int i = 0; i < mappingCount; i++) {
                TopicQueueMapping mapping = topicQueueMapping(Json.MAPPER.readTree(readPart(in)));
                mappings.put(mapping.topic(), mapping);
            }
            Map<String, TopicConfig> topics = TopicConfigMap.of(written.toArray(TopicConfig[]::new));
            return new RegisterBrokerBody(dataVersion, topics, filterServers, mappings);
        }
    }

    /** TopicConfig's text form: name, read queues, write queues, perm, filter type, attributes JSON. */
    private static TopicConfig topicConfigText(String text) {
        String[] parts = text.split(" ");
        if (parts.length < 5) {
            throw new BodyFormatException("topic config '" + text + "' has fewer than 5 parts");
        }
        return new TopicConfig(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
            Integer.parseInt(parts[3]), 0, false);
    }

    private static byte[] readPart(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new BodyFormatException("negative part length " + length);
        }
        byte[] part = in.readNBytes(length);
        if (part.length != length) {
            throw new EOFException("compressed body ends inside a part of " + length + " bytes");
        }
        return part;
    }


    /**
     * How many {@code entries} of the table its broker sent last, from the first on, a body repeats
     * from {@code offset}, where its table starts: looked at once, in its read buffers.
     */
    private record KnownRepeats(int offset, int entries) {
    }

    /** Fails once more than {@code limit} bytes have been read. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > limit) {
                throw new BodyFormatException("compressed body inflates beyond " + limit + " bytes");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
