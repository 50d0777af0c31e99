package io.namesrv.store.jdbc;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.TopicBroker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a {@link RouteChange} into the route tables on the caller's transaction, as one JDBC batch
 * per kind of statement: a registration of 10,000 topics is a handful of round trips, not 10,000.
 * Rows go in key order, so that two name servers sharing a database lock rows in the same order
 * and do not deadlock each other.
 */
final class RouteTablesWriter {
    private static final String DELETE_CLUSTER = "DELETE FROM ns_cluster WHERE cluster_name = ?";
    private static final String SELECT_CLUSTER_MEMBERS = "SELECT broker_name FROM ns_cluster WHERE cluster_name = ?";
    private static final String DELETE_CLUSTER_MEMBER = "DELETE FROM ns_cluster WHERE cluster_name = ? AND broker_name = ?";
    private static final String INSERT_CLUSTER_MEMBER = "INSERT INTO ns_cluster (cluster_name, broker_name) VALUES (?, ?)";
    private static final String DELETE_BROKER = "DELETE FROM ns_broker WHERE broker_name = ?";
    private static final String DELETE_BROKER_ADDRS = "DELETE FROM ns_broker_addr WHERE broker_name = ?";
    private static final String INSERT_BROKER_ADDR =
        "INSERT INTO ns_broker_addr (broker_name, broker_id, broker_addr) VALUES (?, ?, ?)";
    private static final String DELETE_QUEUE = "DELETE FROM ns_topic_queue WHERE topic = ? AND broker_name = ?";
    private static final String DELETE_LIVE = "DELETE FROM ns_live WHERE cluster_name = ? AND broker_addr = ?";

    private static final Comparator<TopicBroker> TOPIC_BROKER_ORDER =
        Comparator.comparing(TopicBroker::topic).thenComparing(TopicBroker::brokerName);
    private static final Comparator<BrokerAddr> BROKER_ADDR_ORDER =
        Comparator.comparing(BrokerAddr::clusterName).thenComparing(BrokerAddr::brokerAddr);

    private final String upsertBroker;
    private final String upsertQueue;
    private final String upsertLive;

    RouteTablesWriter(Dialect dialect) {
        upsertBroker = dialect.upsert("ns_broker", List.of("broker_name"),
            List.of("cluster_name", "zone_name", "enable_acting_master"));
        upsertQueue = dialect.upsert("ns_topic_queue", List.of("topic", "broker_name"),
            List.of("read_queue_nums", "write_queue_nums", "perm", "topic_sys_flag"));
        upsertLive = dialect.upsert("ns_live", List.of("cluster_name", "broker_addr"),
            List.of("last_update_timestamp", "heartbeat_timeout_millis", "state_version", "version_timestamp",
                "version_counter", "ha_server_addr"));
    }

    void apply(Connection connection, RouteChange change) throws SQLException {
        writeClusters(connection, change);
        writeBrokers(connection, change);
        batch(connection, DELETE_QUEUE, sorted(change.queuesRemoved(), TOPIC_BROKER_ORDER), (statement, key) -> {
            statement.setString(1, key.topic());
            statement.setString(2, key.brokerName());
        });
        batch(connection, upsertQueue, sorted(change.queuesPut().keySet(), TOPIC_BROKER_ORDER), (statement, key) -> {
            QueueData queues = change.queuesPut().get(key);
            statement.setString(1, key.topic());
            statement.setString(2, key.brokerName());
            statement.setInt(3, queues.readQueueNums());
            statement.setInt(4, queues.writeQueueNums());
            statement.setInt(5, queues.perm());
            statement.setInt(6, queues.topicSysFlag());
        });
        batch(connection, DELETE_LIVE, sorted(change.liveRemoved(), BROKER_ADDR_ORDER), RouteTablesWriter::bindAddr);
        writeLive(connection, change.livePut());
    }

    void putLive(Connection connection, BrokerAddr addr, BrokerLiveInfo info) throws SQLException {
        writeLive(connection, Map.of(addr, info));
    }

    /**
     * A cluster's member set is brought to the one in the change by deleting the members it no
     * longer has and inserting the new ones: a broker joining a cluster of 1,000 writes one row, not
     * 1,001. A cluster removed loses all its rows.
     */
    private static void writeClusters(Connection connection, RouteChange change) throws SQLException {
        batch(connection, DELETE_CLUSTER, new TreeSet<>(change.clustersRemoved()),
            (statement, cluster) -> statement.setString(1, cluster));
        List<ClusterMember> gone = new ArrayList<>();
        List<ClusterMember> added = new ArrayList<>();
        for (String cluster : new TreeSet<>(change.clustersPut().keySet())) {
            Set<String> wanted = change.clustersPut().get(cluster);
            Set<String> stored = storedMembers(connection, cluster);
            for (String brokerName : stored) {
                if (!wanted.contains(brokerName)) {
                    gone.add(new ClusterMember(cluster, brokerName));
                }
            }
            for (String brokerName : new TreeSet<>(wanted)) {
                if (!stored.contains(brokerName)) {
                    added.add(new ClusterMember(cluster, brokerName));
                }
            }
        }
        batch(connection, DELETE_CLUSTER_MEMBER, gone, (statement, member) -> {
            statement.setString(1, member.cluster());
            statement.setString(2, member.brokerName());
        });
        batch(connection, INSERT_CLUSTER_MEMBER, added, (statement, member) -> {
            statement.setString(1, member.cluster());
            statement.setString(2, member.brokerName());
        });
    }

    /** The cluster's members as stored, in name order. */
    private static Set<String> storedMembers(Connection connection, String cluster) throws SQLException {
        Set<String> members = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement(SELECT_CLUSTER_MEMBERS)) {
            statement.setString(1, cluster);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    members.add(rows.getString(1));
                }
            }
        }
        return members;
    }

    /** A broker group's row is upserted and its id -> address rows replaced whole. */
    private void writeBrokers(Connection connection, RouteChange change) throws SQLException {
        Set<String> touched = new TreeSet<>(change.brokersRemoved());
        touched.addAll(change.brokersPut().keySet());
        batch(connection, DELETE_BROKER_ADDRS, touched, (statement, name) -> statement.setString(1, name));
        batch(connection, DELETE_BROKER, new TreeSet<>(change.brokersRemoved()),
            (statement, name) -> statement.setString(1, name));
        Collection<BrokerData> brokers = sorted(change.brokersPut().values(), Comparator.comparing(BrokerData::brokerName));
        batch(connection, upsertBroker, brokers, (statement, broker) -> {
            statement.setString(1, broker.brokerName());
            statement.setString(2, broker.cluster());
            statement.setString(3, broker.zoneName());
            statement.setBoolean(4, broker.enableActingMaster());
        });
        List<MemberAddr> addrs = new ArrayList<>();
        for (BrokerData broker : brokers) {
            broker.brokerAddrs().forEach((id, addr) -> addrs.add(new MemberAddr(broker.brokerName(), id, addr)));
        }
        batch(connection, INSERT_BROKER_ADDR, addrs, (statement, member) -> {
            statement.setString(1, member.brokerName());
            statement.setLong(2, member.brokerId());
            statement.setString(3, member.brokerAddr());
        });
    }

    private void writeLive(Connection connection, Map<BrokerAddr, BrokerLiveInfo> live) throws SQLException {
        batch(connection, upsertLive, sorted(live.keySet(), BROKER_ADDR_ORDER), (statement, addr) -> {
            BrokerLiveInfo info = live.get(addr);
            bindAddr(statement, addr);
            statement.setLong(3, info.lastUpdateTimestamp());
            statement.setLong(4, info.heartbeatTimeoutMillis());
            DataVersion version = info.dataVersion();
            setLongOrNull(statement, 5, version == null ? null : version.stateVersion());
            setLongOrNull(statement, 6, version == null ? null : version.timestamp());
            setLongOrNull(statement, 7, version == null ? null : version.counter());
            statement.setString(8, info.haServerAddr());
        });
    }

    private static void bindAddr(PreparedStatement statement, BrokerAddr addr) throws SQLException {
        statement.setString(1, addr.clusterName());
        statement.setString(2, addr.brokerAddr());
    }

    private static void setLongOrNull(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static <T> List<T> sorted(Collection<T> rows, Comparator<? super T> order) {
        List<T> list = new ArrayList<>(rows);
        list.sort(order);
        return list;
    }

    /** A row of {@code ns_cluster}. */
    private record ClusterMember(String cluster, String brokerName) {
    }

    /** A row of {@code ns_broker_addr}. */
    private record MemberAddr(String brokerName, long brokerId, String brokerAddr) {
    }

    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    private static <T> void batch(Connection connection, String sql, Collection<T> rows, Binder<T> binder)
        throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
