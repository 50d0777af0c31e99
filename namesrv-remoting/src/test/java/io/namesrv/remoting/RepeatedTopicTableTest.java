package io.namesrv.remoting;

import io.namesrv.api.model.DataVersion;
import io.namesrv.remoting.body.BodyFormatException;
import io.namesrv.remoting.body.RegisterBrokerBody;
import io.namesrv.remoting.body.RegisterBrokerBodyDecoder;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A broker re-registering the same topic table (only its data version moved) is handed the table
 * decoded last time; a table with some topics changed, added or removed has only those read; and
 * what is read is always what the bytes say, as a full decode of them gives it.
 */
class RepeatedTopicTableTest {
    private static final String BROKER = "127.0.0.1:10911";
    private static final String OTHER_BROKER = "127.0.0.1:10921";

    private final RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1L << 26);

    @Test
    void aRepeatedTableUnderANewDataVersionIsTheOneDecodedLastTime() {
        RegisterBrokerBody first = decoder.decode(body(1, 6, 100), false, true, BROKER);
        RegisterBrokerBody second = decoder.decode(body(2, 6, 100), false, true, BROKER);

        assertSame(first.topicConfigs(), second.topicConfigs());
        assertEquals(new DataVersion(0, 1_000, 2), second.dataVersion());
        assertEquals(decoder.decode(body(2, 6, 100), false, true), second);
    }

    @Test
    void aChangedTableIsReadAgain() {
        RegisterBrokerBody first = decoder.decode(body(1, 6, 100), false, true, BROKER);
        RegisterBrokerBody readOnly = decoder.decode(body(2, 4, 100), false, true, BROKER);
        RegisterBrokerBody fewer = decoder.decode(body(3, 4, 99), false, true, BROKER);

        assertNotSame(first.topicConfigs(), readOnly.topicConfigs());
        assertEquals(4, readOnly.topicConfigs().get("topic-7").perm());
        assertEquals(99, fewer.topicConfigs().size());
        assertEquals(decoder.decode(body(3, 4, 99), false, true), fewer);
    }

    @Test
    void aTableWithOneTopicChangedTakesTheOtherTopicsDecodedLastTime() {
        Map<String, TopicConfig> topics = topics(100, 6);
        RegisterBrokerBody first = decoder.decode(body(1, topics), false, true, BROKER);
        topics.put("topic-42", new TopicConfig("topic-42", 16, 16, 4));
        RegisterBrokerBody second = decoder.decode(body(2, topics), false, true, BROKER);

        assertEquals(4, second.topicConfigs().get("topic-42").perm());
        assertEquals(16, second.topicConfigs().get("topic-42").writeQueueNums());
        for (String unchanged : List.of("topic-0", "topic-41", "topic-43", "topic-99")) {
            assertSame(first.topicConfigs().get(unchanged), second.topicConfigs().get(unchanged), unchanged);
        }
        assertSameAsAFullDecode(body(2, topics), second);
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
            assertSameAsAFullDecode(body, decoder.decode(body, false, true, BROKER));
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
            assertSameAsAFullDecode(body, decoder.decode(body, false, true, BROKER));
        }
    }

    @Test
    void anotherBrokerSendingTheSameBytesGetsItsOwnDecoding() {
        RegisterBrokerBody mine = decoder.decode(body(1, 6, 10), false, true, BROKER);
        RegisterBrokerBody theirs = decoder.decode(body(1, 6, 10), false, true, OTHER_BROKER);

        assertNotSame(mine.topicConfigs(), theirs.topicConfigs());
        assertEquals(mine, theirs);
    }

    @Test
    void aRepeatedTableInABrokenBodyIsStillRefused() {
        decoder.decode(body(1, 6, 10), false, true, BROKER);
        byte[] repeatedThenCut = body(2, 6, 10);
        byte[] cut = Arrays.copyOf(repeatedThenCut, repeatedThenCut.length - 1);
        byte[] trailingJunk = (new String(repeatedThenCut, StandardCharsets.UTF_8) + "x").getBytes(StandardCharsets.UTF_8);

        assertThrows(BodyFormatException.class, () -> decoder.decode(cut, false, true, BROKER));
        assertThrows(BodyFormatException.class, () -> decoder.decode(trailingJunk, false, true, BROKER));
    }

    @Test
    void tablesBeyondTheBoundAreForgottenOldestFirst() {
        int tableBytes = body(1, 6, 100).length;
        RegisterBrokerBodyDecoder small = new RegisterBrokerBodyDecoder(tableBytes + tableBytes / 2);
        RegisterBrokerBody oldest = small.decode(body(1, 6, 100), false, true, BROKER);
        RegisterBrokerBody newest = small.decode(body(1, 6, 100), false, true, OTHER_BROKER);

        assertNotSame(oldest.topicConfigs(), small.decode(body(2, 6, 100), false, true, BROKER).topicConfigs());
        assertEquals(oldest, small.decode(body(1, 6, 100), false, true, BROKER));
        assertNotSame(newest.topicConfigs(), small.decode(body(2, 6, 100), false, true, OTHER_BROKER).topicConfigs());
    }

    @Test
    void aBodyWithoutSenderIsNotRemembered() {
        RegisterBrokerBody first = decoder.decode(body(1, 6, 10), false, true);
        RegisterBrokerBody second = decoder.decode(body(2, 6, 10), false, true, BROKER);

        assertNotSame(first.topicConfigs(), second.topicConfigs());
    }

    /** The decoded body equals a decode without a memory of earlier tables, topic order included. */
    private void assertSameAsAFullDecode(byte[] body, RegisterBrokerBody decoded) {
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
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        org.apache.rocketmq.remoting.protocol.DataVersion version = new org.apache.rocketmq.remoting.protocol.DataVersion();
        version.setTimestamp(1_000);
        version.setCounter(new AtomicLong(counter));
        wrapper.setDataVersion(version);
        wrapper.getTopicConfigTable().putAll(topics);
        org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody body =
            new org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(List.of());
        return body.encode(false);
    }
}
