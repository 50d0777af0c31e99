package io.namesrv.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.namesrv.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerConfigTest {

    private static ControllerConfig config(String serverId, String rpcAddresses) {
        Map<String, String> raw = Map.of(
            "jRaftServerId", serverId,
            "jRaftInitConf", "127.0.0.1:9880,127.0.0.1:9881,127.0.0.1:9882",
            "jRaftControllerRPCAddr", rpcAddresses);
        return ControllerConfig.from(raw::get);
    }

    @Test
    void theRequestPortIsTheNodesOwnEntryOfTheRpcAddresses() {
        String rpc = "127.0.0.1:9770, 127.0.0.1:9771, 127.0.0.1:9772";
        assertEquals(9770, config("127.0.0.1:9880", rpc).requestPort());
        assertEquals(9772, config("127.0.0.1:9882", rpc).requestPort());
    }

    @Test
    void aNodeWithoutAnRpcAddressOrWithABadOneIsRefusedByName() {
        ConfigException missing = assertThrows(ConfigException.class,
            () -> config("127.0.0.1:9882", "127.0.0.1:9770,127.0.0.1:9771").requestPort());
        assertTrue(missing.getMessage().contains("no address for jRaftServerId 127.0.0.1:9882"), missing.getMessage());
        ConfigException bad = assertThrows(ConfigException.class,
            () -> config("127.0.0.1:9880", "127.0.0.1,127.0.0.1:9771,127.0.0.1:9772").requestPort());
        assertTrue(bad.getMessage().contains("'127.0.0.1' is not host:port"), bad.getMessage());
    }
}
