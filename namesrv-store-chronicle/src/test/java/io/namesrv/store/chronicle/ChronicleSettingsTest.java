package io.namesrv.store.chronicle;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ChronicleSettingsTest {
    @Test
    void theDefaultsMakeRoomForAMillionTopicsOnOneBrokerGroupEachAndAThousandGroups() {
        ChronicleSettings defaults = ChronicleSettings.from(NamesrvConfig.defaults());
        assertEquals(1_100_000, defaults.spec(Table.TOPIC_QUEUES).capacity());
        assertEquals(1_024, defaults.spec(Table.BROKERS).capacity());
        assertEquals(1_024, defaults.spec(Table.CLUSTERS).capacity());
        assertEquals(4_096, defaults.spec(Table.LIVE).capacity());
        assertEquals(10_000, defaults.spec(Table.KV_CONFIG).capacity());
        assertEquals("topic-queues.1100000-73-6.cmap", defaults.spec(Table.TOPIC_QUEUES).fileName());
    }

    @Test
    void aSizeThatIsNotAPositiveWholeNumberIsAConfigError() {
        for (String bad : new String[] {"0", "-3", "lots", "1e5", ""}) {
            ConfigException e = assertThrows(ConfigException.class,
                () -> ChronicleSettings.from(NamesrvConfig.of(Map.of(ChronicleSettings.EXPECTED_TOPICS, bad))));
            assertEquals("chronicleExpectedTopics must be a whole number above 0, not '" + bad + "'", e.getMessage());
        }
        assertTrue(ChronicleSettings.from(NamesrvConfig.of(Map.of(ChronicleSettings.EXPECTED_BROKERS, " 7 ")))
            .expectedBrokers() == 7);
    }
}
