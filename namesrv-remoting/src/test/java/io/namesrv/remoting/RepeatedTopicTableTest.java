package io.namesrv.remoting;

import io.namesrv.api.model.DataVersion;
import io.namesrv.remoting.body.BodyChecksumException;
import io.namesrv.remoting.body.BodyFormatException;
import io.namesrv.remoting.body.RegisterBrokerBody;
import io.namesrv.remoting.body.RegisterBrokerBodyDecoder;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker re-registering the same topic table (only its data version moved) is handed the table
 * decoded last time; a table with some topics changed, added or removed has only those read; and
 * what is read is always what the bytes say, as a full decode of them gives it.
 */
class RepeatedTopicTableTest {
    private static final String BROKER = "127.0.0.1:10911";
    private static final String OTHER_BROKER = "127.0.0.1:10921";
    /** Smaller than the head before a table, so that pieces split it. */
    private static final int PIECE = 97;
    /** What Netty reads at most at once. */
    private static final int SOCKET_READ = 64 * 1024;

    /** Each case with the body in one array. */
    @Nested
    class BodyInAnArray extends Cases {
        @Override
        RegisterBrokerBody decode(RegisterBrokerBodyDecoder decoder, byte[] body, String broker) {
            return decoder.decode(body, false, true, broker);
        }
    }

    /**
     * Each case with the body still in read buffers, as a large request's body stays: in pieces that
     * split the head and the table, released once decoded.
     */
    @Nested
    class BodyInReadBuffers extends Cases {
        @Override
        RegisterBrokerBody decode(RegisterBrokerBodyDecoder decoder, byte[] body, String broker) {
            ByteBuf held = inPieces(body, PIECE);
            try {
                return decoder.decode(held, false, true, broker, crc32(body));
            } finally {
                held.release();
            }
        }
    }

    @Test
    void aRepeatedTableInReadBuffersIsHashedWhereItLiesNotCopied() {
        RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1L << 26);
        BodyInReadBuffers held = new BodyInReadBuffers();
        RegisterBrokerBody first = held.decode(decoder, body(1, 6, 10_000), BROKER);
        byte[] repeated = body(2, 6, 10_000);
        held.decode(decoder, repeated, BROKER);

        ByteBuf reads = inPieces(repeated, SOCKET_READ);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        RegisterBrokerBody second = decoder.decode(reads, false, true, BROKER, crc32(repeated));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        reads.release();

        assertSame(first.topicConfigs(), second.topicConfigs());
        assertTrue(allocated < repeated.length / 10, allocated + " bytes allocated to decode a body of " + repeated.length);
    }

    @Test
    void aBodyInReadBuffersWithAnotherCrcIsRefusedWhetherItsTableRepeatsOrNot() {
        RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1L << 26);
        BodyInReadBuffers held = new BodyInReadBuffers();
        RegisterBrokerBody first = held.decode(decoder, body(1, 6, 100), BROKER);
        for (byte[] body : new byte[][] {body(2, 6, 100), body(3, 4, 100)}) {
            ByteBuf reads = inPieces(body, PIECE);
            try {
                assertThrows(BodyChecksumException.class, () -> decoder.decode(reads, false, true, BROKER, crc32(body) ^ 1));
            } finally {
                reads.release();
            }
        }
        assertSame(first.topicConfigs(), held.decode(decoder, body(4, 6, 100), BROKER).topicConfigs(),
            "a refused body is not remembered");
    }

    abstract class Cases {
        private final RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1L << 26);

        @Test
        void aRepeatedTableUnderANewDataVersionIsTheOneDecodedLastTime() {
            RegisterBrokerBody first = decode(decoder, body(1, 6, 100), BROKER);
            RegisterBrokerBody second = decode(decoder, body(2, 6, 100), BROKER);

            assertSame(first.topicConfigs(), second.topicConfigs());
            assertEquals(new DataVersion(0, 1_000, 2), second.dataVersion());
            assertEquals(decoder.decode(body(2, 6, 100), false, true), second);
        }

        @Test
        void aRepeatedTableMovedByALongerDataVersionIsTheOneDecodedLastTime() {
            RegisterBrokerBody first = decode(decoder, body(9, 6, 100), BROKER);
            RegisterBrokerBody second = decode(decoder, body(10_000_000_000L, 6, 100), BROKER);

            assertSame(first.topicConfigs(), second.topicConfigs());
            assertEquals(decoder.decode(body(10_000_000_000L, 6, 100), false, true), second);
        }

        @Test
        void aRepeatedTableFarIntoTheBodyIsTheOneDecodedLastTime() {
            List<String> filterServers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                filterServers.add("filter-server-" + i + ".example.org:30000");
            }
            RegisterBrokerBody first = decode(decoder, body(1, topics(100, 6), filterServers), BROKER);
            byte[] repeated = body(2, topics(100, 6), filterServers);
            RegisterBrokerBody second = decode(decoder, repeated, BROKER);

            assertSame(first.topicConfigs(), second.topicConfigs());
            assertEquals(400, second.filterServerList().size());
            assertSameAsAFullDecode(repeated, second);
        }

        @Test
        void aChangedTableIsReadAgain() {
            RegisterBrokerBody first = decode(decoder, body(1, 6, 100), BROKER);
            RegisterBrokerBody readOnly = decode(decoder, body(2, 4, 100), BROKER);
            RegisterBrokerBody fewer = decode(decoder, body(3, 4, 99), BROKER);

            assertNotSame(first.topicConfigs(), readOnly.topicConfigs());
            assertEquals(4, readOnly.topicConfigs().get("topic-7").perm());
            assertEquals(99, fewer.topicConfigs().size());
            assertEquals(decoder.decode(body(3, 4, 99), false, true), fewer);
        }

        @Test
        void aTableWithOneTopicChangedTakesTheOtherTopicsDecodedLastTime() {
            Map<String, TopicConfig> topics = topics(100, 6);
            RegisterBrokerBody first = decode(decoder, body(1, topics), BROKER);
            topics.put("topic-42", new TopicConfig("topic-42", 16, 16, 4));
            RegisterBrokerBody second = decode(decoder, body(2, topics), BROKER);

            assertEquals(4, second.topicConfigs().get("topic-42").perm());
            assertEquals(16, second.topicConfigs().get("topic-42").writeQueueNums());
            for (String unchanged : List.of("topic-0", "topic-41", "topic-43", "topic-99")) {
                assertSame(first.topicConfigs().get(unchanged), second.topicConfigs().get(unchanged), unchanged);
            }
            assertSameAsAFullDecode(body(2, topics), second);
        }

        @Test
        void aTableOfTheSameLengthWithOneTopicChangedIsToldApartByItsHash() {
            Map<String, TopicConfig> topics = topics(100, 6);
            RegisterBrokerBody first = decode(decoder, body(1, topics), BROKER);
            topics.put("topic-42", new TopicConfig("topic-42", 8, 8, 4));
            byte[] changed = body(2, topics);
            assertEquals(body(2, 6, 100).length, changed.length, "one byte differs, the length does not");

            RegisterBrokerBody second = decode(decoder, changed, BROKER);

            assertEquals(4, second.topicConfigs().get("topic-42").perm());
            for (String unchanged : List.of("topic-0", "topic-41", "topic-43", "topic-99")) {
                assertSame(first.topicConfigs().get(unchanged), second.topicConfigs().get(unchanged), unchanged);
            }
            assertSameAsAFullDecode(changed, second);
            assertSame(second.topicConfigs(), decode(decoder, body(3, topics), BROKER).topicConfigs(), "then repeated");
        }

        @Test
        void aTableWithTopicsAddedAndRemovedTakesTheOthersDecodedLastTime() {
            Map<String, TopicConfig> topics = topics(100, 6);
            RegisterBrokerBody first = decode(decoder, body(1, topics), BROKER);
            List<String> written = new ArrayList<>(first.topicConfigs().keySet());
            for (String removed : List.of(written.get(0), written.get(30), written.get(31), written.get(99))) {
                topics.remove(removed);
            }
            for (String added : List.of("added-1", "added-2", "added-3")) {
                topics.put(added, new TopicConfig(added, 8, 8, 6));
            }
            byte[] edited = body(2, topics);

            RegisterBrokerBody second = decode(decoder, edited, BROKER);

            for (String kept : second.topicConfigs().keySet()) {
                if (!kept.startsWith("added-")) {
                    assertSame(first.topicConfigs().get(kept), second.topicConfigs().get(kept), kept);
                }
            }
            assertSameAsAFullDecode(edited, second);
            assertSame(second.topicConfigs(), decode(decoder, body(3, topics), BROKER).topicConfigs(), "then repeated");
        }

        @Test
        void tablesEditedAtRandomReadAsAFullDecodeReadsThem() {
            Random random = new Random(20261201);
            Map<String, TopicConfig> topics = topics(200, 6);
            int next = 200;
            for (int step = 1; step <= 400; step++) {
                int edits = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 3);
                for (int e = 0; e < edits; e++) {
                    List<String> names = new ArrayList<>(topics.keySet());
                    switch (random.nextInt(4)) {
                        case 0 -> topics.remove(names.get(random.nextInt(names.size())));
                        case 1 -> {
                            String name = "topic-" + next++;
                            topics.put(name, new TopicConfig(name, 8, 8, 6));
                        }
                        default -> {
                            String name = names.get(random.nextInt(names.size()));
                            topics.put(name, new TopicConfig(name, 1 + random.nextInt(64), 1 + random.nextInt(64),
                                random.nextBoolean() ? 6 : 4));
                        }
                    }
                }
                byte[] body = body(step, topics);
                assertSameAsAFullDecode(body, decode(decoder, body, BROKER));
            }
        }

        @Test
        void aTableWithWhitespaceOrRepeatedNamesReadsAsAFullDecodeReadsIt() {
            String[] tables = {
                "{\"a\":{\"topicName\":\"a\",\"perm\":6},\"b\":{\"topicName\":\"b\",\"perm\":6}}",
                "{\"a\":{\"topicName\":\"a\",\"perm\":6}, \"b\":{\"topicName\":\"b\",\"perm\":4}}",
                "{\"a\":{\"topicName\":\"a\",\"perm\":6},\"b\":{\"topicName\":\"b\",\"perm\":4},\"b\":{\"topicName\":\"b\",\"perm\":2}}",
                "{\"a\":{\"topicName\":\"a\",\"perm\":2},\"b\":{\"topicName\":\"b\",\"perm\":4},\"b\":{\"topicName\":\"b\",\"perm\":2}}",
                "{\"b\":{\"topicName\":\"b\",\"perm\":2}}",
                "{ }",
                "{\"a\":{\"topicName\":\"a\",\"perm\":6}}",
            };
            for (String table : tables) {
                byte[] body = ("{\"topicConfigSerializeWrapper\":{\"dataVersion\":{\"counter\":1},\"topicConfigTable\":"
                    + table + "},\"filterServerList\":[]}").getBytes(StandardCharsets.UTF_8);
                assertSameAsAFullDecode(body, decode(decoder, body, BROKER));
            }
        }

        @Test
        void anotherBrokerSendingTheSameBytesGetsItsOwnDecoding() {
            RegisterBrokerBody mine = decode(decoder, body(1, 6, 10), BROKER);
            RegisterBrokerBody theirs = decode(decoder, body(1, 6, 10), OTHER_BROKER);

            assertNotSame(mine.topicConfigs(), theirs.topicConfigs());
            assertEquals(mine, theirs);
        }

        @Test
        void aRepeatedTableInABrokenBodyIsStillRefused() {
            decode(decoder, body(1, 6, 10), BROKER);
            byte[] repeatedThenCut = body(2, 6, 10);
            byte[] cut = Arrays.copyOf(repeatedThenCut, repeatedThenCut.length - 1);
            byte[] trailingJunk = (new String(repeatedThenCut, StandardCharsets.UTF_8) + "x").getBytes(StandardCharsets.UTF_8);

            assertThrows(BodyFormatException.class, () -> decode(decoder, cut, BROKER));
            assertThrows(BodyFormatException.class, () -> decode(decoder, trailingJunk, BROKER));
        }

        @Test
        void tablesBeyondTheBoundAreForgottenOldestFirst() {
            RegisterBrokerBodyDecoder small = new RegisterBrokerBodyDecoder(1L << 26, 150);
            RegisterBrokerBody oldest = decode(small, body(1, 6, 100), BROKER);
            RegisterBrokerBody newest = decode(small, body(1, 6, 100), OTHER_BROKER);

            assertNotSame(oldest.topicConfigs(), decode(small, body(2, 6, 100), BROKER).topicConfigs());
            assertEquals(oldest, decode(small, body(1, 6, 100), BROKER));
            assertNotSame(newest.topicConfigs(), decode(small, body(2, 6, 100), OTHER_BROKER).topicConfigs());
        }

        @Test
        void tablesWithinTheBoundAreAllRemembered() {
            RegisterBrokerBodyDecoder enough = new RegisterBrokerBodyDecoder(1L << 26, 200);
            RegisterBrokerBody mine = decode(enough, body(1, 6, 100), BROKER);
            RegisterBrokerBody theirs = decode(enough, body(1, 6, 100), OTHER_BROKER);

            assertSame(mine.topicConfigs(), decode(enough, body(2, 6, 100), BROKER).topicConfigs());
            assertSame(theirs.topicConfigs(), decode(enough, body(2, 6, 100), OTHER_BROKER).topicConfigs());
        }

        @Test
        void aTableOfMoreTopicsThanTheBoundIsNotRemembered() {
            RegisterBrokerBodyDecoder small = new RegisterBrokerBodyDecoder(1L << 26, 99);
            RegisterBrokerBody first = decode(small, body(1, 6, 100), BROKER);

            assertNotSame(first.topicConfigs(), decode(small, body(2, 6, 100), BROKER).topicConfigs());
        }

        @Test
        void aBodyWithoutSenderIsNotRemembered() {
            RegisterBrokerBody first = decoder.decode(body(1, 6, 10), false, true);
            RegisterBrokerBody second = decode(decoder, body(2, 6, 10), BROKER);

            assertNotSame(first.topicConfigs(), second.topicConfigs());
        }


        abstract RegisterBrokerBody decode(RegisterBrokerBodyDecoder decoder, byte[] body, String broker);
    }

    /** The bodyCrc32 a broker sends for {@code body}. */
    private static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    /** The body in pooled direct buffers of {@code piece} bytes, as socket reads gather it; the caller releases it. */
    private static ByteBuf inPieces(byte[] body, int piece) {
        CompositeByteBuf held = PooledByteBufAllocator.DEFAULT.compositeDirectBuffer(Integer.MAX_VALUE);
        for (int offset = 0; offset < body.length; offset += piece) {
            int length = Math.min(piece, body.length - offset);
            held.addComponent(true, PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(body, offset, length));
        }
        return held;
    }

    /** The decoded body equals a decode without a memory of earlier tables, topic order included. */
    private static void assertSameAsAFullDecode(byte[] body, RegisterBrokerBody decoded) {
        RegisterBrokerBody full = new RegisterBrokerBodyDecoder(1L << 26).decode(body, false, true);
        assertEquals(full, decoded);
        assertEquals(new ArrayList<>(full.topicConfigs().entrySet()), new ArrayList<>(decoded.topicConfigs().entrySet()));
    }

    private static Map<String, TopicConfig> topics(int count, int perm) {
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            topics.put("topic-" + i, new TopicConfig("topic-" + i, 8, 8, perm));
        }
        return topics;
    }

    /** A body as Apache's broker encodes it: {@code topics} topics with permission {@code perm}, data version counter {@code counter}. */
    private static byte[] body(long counter, int perm, int topics) {
        return body(counter, topics(topics, perm));
    }

    /** A body as Apache's broker encodes it, its table in the order of the broker's concurrent map. */
    private static byte[] body(long counter, Map<String, TopicConfig> topics) {
        return body(counter, topics, List.of());
    }

    /** As {@link #body(long, Map)}, with filter servers, which fastjson writes before the table. */
    private static byte[] body(long counter, Map<String, TopicConfig> topics, List<String> filterServers) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        org.apache.rocketmq.remoting.protocol.DataVersion version = new org.apache.rocketmq.remoting.protocol.DataVersion();
        version.setTimestamp(1_000);
        version.setCounter(new AtomicLong(counter));
        wrapper.setDataVersion(version);
        wrapper.getTopicConfigTable().putAll(topics);
        org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody body =
            new org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(filterServers);
        return body.encode(false);
    }
}
