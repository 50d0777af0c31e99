package io.namesrv.dist.crash;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.dist.bench.BrokerConnection;
import io.namesrv.dist.bench.BrokerIdentity;
import io.namesrv.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a restarted server back as a client does (GET_BROKER_CLUSTER_INFO, GET_ROUTEINFO_BY_TOPIC,
 * GET_KVLIST_BY_NAMESPACE, decoded by Apache's classes) and holds it against what the storms were
 * told: each broker, each of its topics' queue data and each KV entry must be in a state one of its
 * writes left, the acknowledged one or one sent after it that was never answered.
 */
final class RestartCheck {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param lost each entry whose state no write left: an acknowledged write lost, or overwritten by
     *             something never sent
     */
    record Result(int brokers, int queueEntries, int kvEntries, List<String> lost) {
    }

    private final BrokerConnection connection;
    private final AcknowledgedWrites writes;
    private final List<String> lost = new ArrayList<>();
    private int brokersChecked;
    private int queueEntriesChecked;
    private int kvEntriesChecked;

    private RestartCheck(BrokerConnection connection, AcknowledgedWrites writes) {
        this.connection = connection;
        this.writes = writes;
    }

    static Result run(BrokerConnection connection, AcknowledgedWrites writes) throws InterruptedException {
        RestartCheck check = new RestartCheck(connection, writes);
        check.checkBrokers();
        check.checkKvConfig();
        return new Result(check.brokersChecked, check.queueEntriesChecked, check.kvEntriesChecked, List.copyOf(check.lost));
    }

    private void checkBrokers() throws InterruptedException {
        ClusterInfo clusterInfo = decode(call(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of()), ClusterInfo.class);
        Set<String> members = clusterInfo.getClusterAddrTable().getOrDefault(AcknowledgedWrites.CLUSTER, Set.of());
        List<Map<String, QueueData>> routes = routes(writes.topicsEverListed());
        for (BrokerIdentity broker : writes.brokers()) {
            WriteHistory<Registration> history = writes.registrations(broker);
            BrokerData data = clusterInfo.getBrokerAddrTable().get(broker.name());
            boolean registered = data != null && broker.address().equals(data.getBrokerAddrs().get(0L))
                && members.contains(broker.name());
            if (history.acknowledged().isPresent()) {
                brokersChecked++;
            }
            if (!history.allowed().contains(Optional.<Registration>empty()) && !registered) {
                lost.add(broker.name() + ": registered (acknowledged " + history.acknowledged().get()
                    + ") but not in the cluster info as master at " + broker.address() + ": " + data
                    + ", cluster members " + members);
            }
            for (int topic = 0; topic < routes.size(); topic++) {
                checkQueue(broker, history, topic, Optional.ofNullable(routes.get(topic).get(broker.name())));
            }
        }
    }

    private void checkQueue(BrokerIdentity broker, WriteHistory<Registration> history, int topic,
                            Optional<QueueData> found) {
        List<Optional<Integer>> allowed = new ArrayList<>();
        for (Optional<Registration> state : history.allowed()) {
            // registrations never remove a topic, and each lists every topic one before it did
            allowed.add(state.filter(r -> r.lists(topic)).map(Registration::queues));
        }
        if (history.acknowledged().filter(r -> r.lists(topic)).isPresent()) {
            queueEntriesChecked++;
        }
        Optional<Integer> queues = found.map(q -> q.getPerm() == Registration.PERM
            && q.getReadQueueNums() == q.getWriteQueueNums() ? q.getWriteQueueNums() : -1);
        if (!allowed.contains(queues)) {
            lost.add(Registration.topic(topic) + "@" + broker.name() + ": found " + found.map(Object::toString)
                .orElse("no queue data") + ", allowed queue counts " + allowed + " (acknowledged "
                + history.acknowledged() + ")");
        }
    }

    /** Topic index -> broker name -> queue data; a topic with no route is an empty map. */
    private List<Map<String, QueueData>> routes(int topics) throws InterruptedException {
        List<Map<String, QueueData>> routes = new ArrayList<>(topics);
        for (int i = 0; i < topics; i++) {
            String topic = Registration.topic(i);
            RemotingCommand response = connection.call(request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                Map.of("topic", topic, "acceptStandardJsonOnly", "true")), CALL_TIMEOUT).response();
            Map<String, QueueData> byBroker = new HashMap<>();
            if (response.code() == ResponseCode.SUCCESS) {
                TopicRouteData route = decode(response, TopicRouteData.class);
                Set<String> brokerDatas = new HashSet<>();
                route.getBrokerDatas().forEach(b -> brokerDatas.add(b.getBrokerName()));
                for (QueueData queueData : route.getQueueDatas()) {
                    byBroker.put(queueData.getBrokerName(), queueData);
                    if (!brokerDatas.contains(queueData.getBrokerName())) {
                        lost.add(topic + ": queue data of " + queueData.getBrokerName() + " without its broker data");
                    }
                }
            } else if (response.code() != ResponseCode.TOPIC_NOT_EXIST) {
                throw new IllegalStateException("route of " + topic + ": code " + response.code() + " " + response.remark());
            }
            routes.add(byBroker);
        }
        return routes;
    }

    private void checkKvConfig() throws InterruptedException {
        Map<String, Map<String, String>> found = new HashMap<>();
        for (String namespace : AcknowledgedWrites.NAMESPACES) {
            RemotingCommand response = connection.call(request(RequestCode.GET_KVLIST_BY_NAMESPACE,
                Map.of("namespace", namespace)), CALL_TIMEOUT).response();
            if (response.code() == ResponseCode.SUCCESS) {
                found.put(namespace, new HashMap<>(decode(response, KVTable.class).getTable()));
            } else if (response.code() != ResponseCode.QUERY_NOT_FOUND) {
                throw new IllegalStateException("KV list of " + namespace + ": code " + response.code() + " "
                    + response.remark());
            }
        }
        for (AcknowledgedWrites.KvKey key : writes.keys()) {
            WriteHistory<String> history = writes.kvEntry(key);
            Map<String, String> namespace = found.getOrDefault(key.namespace(), new HashMap<>());
            Optional<String> value = Optional.ofNullable(namespace.remove(key.key()));
            if (history.anyAcknowledged()) {
                kvEntriesChecked++;
            }
            if (!history.allowed().contains(value)) {
                lost.add(key + ": found " + value.orElse("nothing") + ", allowed " + history.allowed());
            }
        }
        found.forEach((namespace, left) -> left.forEach((key, value) ->
            lost.add(namespace + "/" + key + " = " + value + ": a key no write made")));
    }

    private RemotingCommand call(int code, Map<String, String> fields) throws InterruptedException {
        RemotingCommand response = connection.call(request(code, fields), CALL_TIMEOUT).response();
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("request " + code + ": code " + response.code() + " " + response.remark());
        }
        return response;
    }

    private static RemotingCommand request(int code, Map<String, String> fields) {
        return RemotingCommand.request(code, fields).version(MQVersion.CURRENT_VERSION);
    }

    private static <T> T decode(RemotingCommand response, Class<T> type) {
        return RemotingSerializable.decode(response.body(), type);
    }
}
