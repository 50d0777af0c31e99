package io.namesrv.controller;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.ConfigKey;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static io.namesrv.core.config.ConfigKey.boolKey;
import static io.namesrv.core.config.ConfigKey.intKey;
import static io.namesrv.core.config.ConfigKey.longKey;
import static io.namesrv.core.config.ConfigKey.stringKey;

/**
 * The controller's keys, named as in Apache's ControllerConfig and JraftConfig so that an
 * operator's file keeps working. Only the SOFAJRaft controller exists here (Apache's
 * {@code controllerType=jRaft}); its state lives under {@code controllerStorePath}, apart from the
 * route stores.
 */
public final class ControllerConfig {
    public static final String JRAFT = "jRaft";

    public static final ConfigKey<Boolean> ENABLE_CONTROLLER_IN_NAMESRV =
        boolKey("enableControllerInNamesrv", false,
            "carry the controller: its requests (1001-1013) on this node's address in jRaftControllerRPCAddr");
    public static final ConfigKey<String> CONTROLLER_TYPE =
        stringKey("controllerType", JRAFT, "the controller's Raft engine; only jRaft (SOFAJRaft) is supported");
    public static final ConfigKey<String> JRAFT_GROUP_ID =
        stringKey("jRaftGroupId", "jRaft-Controller", "Raft group id shared by the controller nodes");
    public static final ConfigKey<String> JRAFT_SERVER_ID =
        stringKey("jRaftServerId", "", "this node's Raft address, host:port, one of jRaftInitConf");
    public static final ConfigKey<String> JRAFT_INIT_CONF =
        stringKey("jRaftInitConf", "", "the Raft addresses of all controller nodes, comma-separated");
    public static final ConfigKey<String> JRAFT_CONTROLLER_RPC_ADDR =
        stringKey("jRaftControllerRPCAddr", "",
            "the request addresses (host:port) of the nodes of jRaftInitConf, in the same order: where each serves the "
                + "controller's requests (its listenPort or a port of its own) and what brokers are told is the leader");
    public static final ConfigKey<Integer> JRAFT_ELECTION_TIMEOUT_MS =
        intKey("jRaftElectionTimeoutMs", 1000, "Raft election timeout");
    public static final ConfigKey<Integer> JRAFT_SNAPSHOT_INTERVAL_SECS =
        intKey("jRaftSnapshotIntervalSecs", 3600, "seconds between two snapshots of the controller's state");
    /** Ours, not Apache's: SOFAJRaft's RaftOptions.sync. */
    public static final ConfigKey<Boolean> JRAFT_SYNC =
        boolKey("jRaftSync", true,
            "fsync the Raft log at every append; false skips it, and a change acknowledged just before a "
                + "majority of nodes lost power may be lost");
    public static final ConfigKey<String> CONTROLLER_STORE_PATH =
        stringKey("controllerStorePath", Path.of(System.getProperty("user.home"), "namesrv", "controller").toString(),
            "directory of the controller's Raft log, metadata and snapshots");
    public static final ConfigKey<Boolean> ENABLE_ELECT_UNCLEAN_MASTER =
        boolKey("enableElectUncleanMaster", false,
            "when no member of the SyncStateSet is alive, elect any live member (messages may be lost)");
    public static final ConfigKey<Boolean> NOTIFY_BROKER_ROLE_CHANGED =
        boolKey("notifyBrokerRoleChanged", true, "tell a group's live members at once when its master changes");
    public static final ConfigKey<Long> SCAN_INACTIVE_MASTER_INTERVAL =
        longKey("scanInactiveMasterInterval", 5_000,
            "milliseconds between two scans for silent brokers and groups whose master is gone");
    public static final ConfigKey<Integer> ELECT_MASTER_MAX_RETRY_COUNT =
        intKey("electMasterMaxRetryCount", 3, "attempts of an election the controller starts itself");

    public static final List<ConfigKey<?>> KEYS = List.of(ENABLE_CONTROLLER_IN_NAMESRV, CONTROLLER_TYPE, JRAFT_GROUP_ID,
        JRAFT_SERVER_ID, JRAFT_INIT_CONF, JRAFT_CONTROLLER_RPC_ADDR, JRAFT_ELECTION_TIMEOUT_MS,
        JRAFT_SNAPSHOT_INTERVAL_SECS, JRAFT_SYNC, CONTROLLER_STORE_PATH, ENABLE_ELECT_UNCLEAN_MASTER, NOTIFY_BROKER_ROLE_CHANGED,
        SCAN_INACTIVE_MASTER_INTERVAL, ELECT_MASTER_MAX_RETRY_COUNT);

    /** What UPDATE_CONTROLLER_CONFIG may change while the controller runs; the rest is read at start. */
    public static final Set<String> RUNTIME_KEYS = Set.of(ENABLE_ELECT_UNCLEAN_MASTER.name(),
        NOTIFY_BROKER_ROLE_CHANGED.name(), ELECT_MASTER_MAX_RETRY_COUNT.name());

    private volatile Map<String, String> values;

    private ControllerConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
        KEYS.forEach(this::get);
    }

    /** The controller keys from a lookup of raw values (the name server's config); unset keys take their defaults. */
    public static ControllerConfig from(Function<String, String> raw) {
        Map<String, String> values = new TreeMap<>();
        for (ConfigKey<?> key : KEYS) {
            String value = raw.apply(key.name());
            values.put(key.name(), value == null ? key.defaultValue() : value.trim());
        }
        ControllerConfig config = new ControllerConfig(values);
        if (!JRAFT.equalsIgnoreCase(config.get(CONTROLLER_TYPE))) {
            throw new ConfigException("controllerType " + config.get(CONTROLLER_TYPE)
                + " is not supported: this controller replicates its state on SOFAJRaft (controllerType=jRaft)");
        }
        return config;
    }

    public <T> T get(ConfigKey<T> key) {
        return key.parse(values.get(key.name()));
    }

    /** Every controller key and its value, sorted: GET_CONTROLLER_CONFIG's answer. */
    public Map<String, String> values() {
        return values;
    }

    /** Changes run-time keys; a key outside {@link #RUNTIME_KEYS} or a bad value changes nothing. */
    public synchronized void update(Map<String, String> changes) {
        Map<String, String> next = new TreeMap<>(values);
        for (Map.Entry<String, String> change : changes.entrySet()) {
            if (!RUNTIME_KEYS.contains(change.getKey())) {
                throw new ConfigException("controller config key " + change.getKey() + " cannot be changed at run time");
            }
            next.put(change.getKey(), change.getValue().trim());
        }
        new ControllerConfig(next);
        values = Collections.unmodifiableMap(next);
    }

    /** The Raft addresses of all nodes, in order. */
    public List<String> raftPeers() {
        return list(get(JRAFT_INIT_CONF));
    }

    /** The request addresses of all nodes, in the order of {@link #raftPeers()}. */
    public List<String> rpcAddresses() {
        return list(get(JRAFT_CONTROLLER_RPC_ADDR));
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
