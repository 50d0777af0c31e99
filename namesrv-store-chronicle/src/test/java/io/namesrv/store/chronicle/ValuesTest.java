package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoreException;
import io.namesrv.core.spi.TopicBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ValuesTest {
    @TempDir
    Path storeDir;

    @Test
    void everyValueReadsBackAsWritten() {
        BrokerData broker = new BrokerData("cluster-é", "broker-a",
            new TreeMap<>(Map.of(0L, "10.0.0.1:10911", 1L, "10.0.0.2:10911", -1L, "weird")), "zone-1", true);
        assertEquals(broker, Values.broker("broker-a", Values.broker(broker)));
        BrokerData noZone = new BrokerData("c", "b", new TreeMap<>(), null, false);
        assertEquals(noZone, Values.broker("b", Values.broker(noZone)));

        QueueData queue = new QueueData("broker-a", 1024, 0, -1, Integer.MAX_VALUE);
        assertEquals(queue, Values.queue("broker-a", Values.queue(queue)));

        BrokerLiveInfo live = new BrokerLiveInfo(1_700_000_000_000L, 120_000, new DataVersion(-5, Long.MAX_VALUE, 0), null);
        assertEquals(live, Values.live(Values.live(live)));
        BrokerLiveInfo withHa = new BrokerLiveInfo(0, 0, DataVersion.ZERO, "10.0.0.1:10912");
        assertEquals(withHa, Values.live(Values.live(withHa)));

        assertEquals(Set.of("a", "b", ""), Values.clusterMembers(Values.clusterMembers(Set.of("a", "b", ""))));
        assertEquals("v=1;x\u0000", Values.kvValue(Values.kvValue("v=1;x\u0000")));
    }

    @Test
    void valuesAreCompactAndLedByTheFormatVersion() {
        byte[] queue = Values.queue(new QueueData("broker-a", 8, 8, 6, 0));
        assertArrayEquals(new byte[] {1, 16, 16, 12, 0}, queue, "version, then zig-zag varints");

        byte[] live = Values.live(new BrokerLiveInfo(1_700_000_000_000L, 120_000, new DataVersion(0, 1_700_000_000_000L, 7),
            "127.0.0.1:10912"));
        // version 1 + two timestamps 6 each + timeout 3 + state version and counter 1 each + HA address 16
        assertEquals(34, live.length);

        for (byte[] value : List.of(queue, live, Values.kvValue("x"), Values.clusterMembers(Set.of("a")),
            Values.broker(new BrokerData("c", "b", new TreeMap<>(), null, false)))) {
            assertEquals(Values.FORMAT_VERSION, value[0]);
        }
    }

    @Test
    void anUnknownFormatVersionOrACutValueIsRefusedWithTheReason() {
        byte[] queue = Values.queue(new QueueData("broker-a", 8, 8, 6, 0));
        queue[0] = 2;
        IllegalArgumentException newer = assertThrows(IllegalArgumentException.class, () -> Values.queue("b", queue));
        assertEquals("format version 2 is unknown to this build, which reads 1 (was the store written by a newer namesrv?)",
            newer.getMessage());

        byte[] live = Values.live(new BrokerLiveInfo(1, 2, new DataVersion(3, 4, 5), "ha"));
        assertThrows(IllegalArgumentException.class, () -> Values.live(Arrays.copyOf(live, live.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> Values.kvValue(Arrays.copyOf(Values.kvValue("x"), 4)));
    }

    @Test
    void pairKeysNeedNoSeparatorCharacter() {
        TopicBroker odd = new TopicBroker("a\u0000b", "c\u0000d");
        assertEquals(odd, Keys.topicBroker(Keys.topicBroker(odd)));
        BrokerAddr addr = new BrokerAddr("", "127.0.0.1:10911");
        assertEquals(addr, Keys.brokerAddr(Keys.brokerAddr(addr)));
        assertArrayEquals(new String[] {"ORDER_TOPIC_CONFIG", "topic"}, Keys.kv(Keys.kv("ORDER_TOPIC_CONFIG", "topic")));
        assertEquals(1 + 6 + 8, Keys.topicBroker(new TopicBroker("orders", "broker-a")).length);
    }

    @Test
    void aStoreWithAnEntryItCannotReadRefusesToOpenAndNamesTheTable() {
        try (RouteTables tables = RouteTables.open(ChronicleSettings.from(TestStores.namesrvConfig(storeDir)))) {
            tables.get(Table.TOPIC_QUEUES).put(Keys.topicBroker(new TopicBroker("t", "b")), new byte[] {9, 1});
        }
        StoreException unreadable = assertThrows(StoreException.class,
            () -> new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(storeDir)));
        assertTrue(unreadable.getMessage().contains("an entry of the topic-queue table (")
            && unreadable.getMessage().endsWith("cannot be read: format version 9 is unknown to this build, which reads 1"
                + " (was the store written by a newer namesrv?)"), unreadable.getMessage());

        // refusing released the directory: a store can open it once the entry is gone
        try (RouteTables tables = RouteTables.open(ChronicleSettings.from(TestStores.namesrvConfig(storeDir)))) {
            tables.get(Table.TOPIC_QUEUES).remove(Keys.topicBroker(new TopicBroker("t", "b")));
        }
        try (RouteStore store = new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(storeDir))) {
            assertTrue(store.loadRoutes().topicQueues().isEmpty());
        }
    }
}
