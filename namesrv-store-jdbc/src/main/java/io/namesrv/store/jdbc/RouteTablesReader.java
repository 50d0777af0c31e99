package io.namesrv.store.jdbc;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.StoredRoutes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads the route tables back whole, as the server does once at start. */
final class RouteTablesReader {
    /** Rows per round trip: PostgreSQL then reads through a cursor instead of holding every row in memory at once. */
    private static final int FETCH_SIZE = 20_000;

    private static final String SELECT_CLUSTERS = "SELECT cluster_name, broker_name FROM ns_cluster";
    private static final String SELECT_BROKERS =
        "SELECT broker_name, cluster_name, zone_name, enable_acting_master FROM ns_broker";
    private static final String SELECT_BROKER_ADDRS = "SELECT broker_name, broker_id, broker_addr FROM ns_broker_addr";
    private static final String SELECT_QUEUES =
        "SELECT topic, broker_name, read_queue_nums, write_queue_nums, perm, topic_sys_flag FROM ns_topic_queue";
    private static final String SELECT_LIVE = "SELECT cluster_name, broker_addr, last_update_timestamp, "
        + "heartbeat_timeout_millis, state_version, version_timestamp, version_counter, ha_server_addr FROM ns_live";

    /** Call on a transaction at repeatable read, so that the tables agree with each other. */
    StoredRoutes read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(FETCH_SIZE);
            return new StoredRoutes(clusters(statement), brokers(statement), topicQueues(statement), live(statement));
        }
    }

    private static Map<String, Set<String>> clusters(Statement statement) throws SQLException {
        Map<String, Set<String>> clusters = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(SELECT_CLUSTERS)) {
            while (rows.next()) {
                clusters.computeIfAbsent(rows.getString(1), c -> new HashSet<>()).add(rows.getString(2));
            }
        }
        return clusters;
    }

    private static Map<String, BrokerData> brokers(Statement statement) throws SQLException {
        Map<String, TreeMap<Long, String>> addrs = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(SELECT_BROKER_ADDRS)) {
            while (rows.next()) {
                addrs.computeIfAbsent(rows.getString(1), b -> new TreeMap<>()).put(rows.getLong(2), rows.getString(3));
            }
        }
        Map<String, BrokerData> brokers = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(SELECT_BROKERS)) {
            while (rows.next()) {
                String brokerName = rows.getString(1);
                brokers.put(brokerName, new BrokerData(rows.getString(2), brokerName,
                    addrs.getOrDefault(brokerName, new TreeMap<>()), rows.getString(3), rows.getBoolean(4)));
            }
        }
        return brokers;
    }

    /**
     * topic -> broker name -> queue data, with as few objects as the result is made of (a million
     * rows in a large deployment, read at every start): one string per broker name and one queue
     * data per distinct value of a broker, shared by all its topics, and a topic served by one broker
     * group maps it with an immutable one-entry map (a {@link HashMap} once a second group serves it).
     */
    private static Map<String, Map<String, QueueData>> topicQueues(Statement statement) throws SQLException {
        Map<String, Map<String, QueueData>> topics = new HashMap<>();
        Map<String, SharedQueues> brokers = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(SELECT_QUEUES)) {
            while (rows.next()) {
                String topic = rows.getString(1);
                SharedQueues broker = brokers.computeIfAbsent(rows.getString(2), SharedQueues::new);
                QueueData queue = broker.queue(rows.getInt(3), rows.getInt(4), rows.getInt(5), rows.getInt(6));
                StoredRoutes.addQueue(topics, topic, broker.name, queue);
            }
        }
        return topics;
    }

    /** A broker group's name, and the queue data read last for it: most of a group's topics have the same. */
    private static final class SharedQueues {
        final String name;
        private QueueData last;

        SharedQueues(String name) {
            this.name = name;
        }

        QueueData queue(int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
            QueueData queue = last;
            if (queue == null || queue.readQueueNums() != readQueueNums || queue.writeQueueNums() != writeQueueNums
                || queue.perm() != perm || queue.topicSysFlag() != topicSysFlag) {
                queue = new QueueData(name, readQueueNums, writeQueueNums, perm, topicSysFlag);
                last = queue;
            }
            return queue;
        }
    }

    private static Map<BrokerAddr, BrokerLiveInfo> live(Statement statement) throws SQLException {
        Map<BrokerAddr, BrokerLiveInfo> live = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(SELECT_LIVE)) {
            while (rows.next()) {
                long stateVersion = rows.getLong(5);
                DataVersion version = rows.wasNull() ? null
                    : new DataVersion(stateVersion, rows.getLong(6), rows.getLong(7));
                live.put(new BrokerAddr(rows.getString(1), rows.getString(2)),
                    new BrokerLiveInfo(rows.getLong(3), rows.getLong(4), version, rows.getString(8)));
            }
        }
        return live;
    }
}
