package io.namesrv.remoting;

import io.namesrv.api.model.DataVersion;
import io.namesrv.remoting.body.BodyFormatException;
import io.namesrv.remoting.body.RegisterBrokerBody;
import io.namesrv.remoting.body.RegisterBrokerBodyDecoder;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A broker re-registering the same topic table (only its data version moved) is handed the table
 * decoded last time; any other table is read in full, and what is read is always what the bytes say.
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

    /** A body as Apache's broker encodes it: {@code topics} topics with permission {@code perm}, data version counter {@code counter}. */
    private static byte[] body(long counter, int perm, int topics) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        org.apache.rocketmq.remoting.protocol.DataVersion version = new org.apache.rocketmq.remoting.protocol.DataVersion();
        version.setTimestamp(1_000);
        version.setCounter(new AtomicLong(counter));
        wrapper.setDataVersion(version);
        for (int i = 0; i < topics; i++) {
            wrapper.getTopicConfigTable().put("topic-" + i, new TopicConfig("topic-" + i, 8, 8, perm));
        }
        org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody body =
            new org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(List.of());
        return body.encode(false);
    }
}
