package io.namesrv.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.namesrv.dist.support.ApacheNamesrvProcess;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.NameServerUnderTest;
import io.namesrv.remoting.body.Json;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every request code the name server serves, sent by Apache RocketMQ 5.4.0's own client classes in
 * both header serializations, to Apache's name server 5.4.0 and to ours, started side by side: the
 * answers (code, remark, header fields, body as JSON) must be the same. Run it alone with
 * {@code mvn -B verify -pl namesrv-dist -am -Dit.test=WireGoldenIT}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WireGoldenIT {
    private static final String CLUSTER = "GoldenCluster";
    private static final String MASTER = "127.0.0.1:40911";
    private static final String SLAVE = "127.0.0.1:40921";
    /** Answers that differ on purpose: (step name) -> what is compared instead. */
    private static final Map<String, String> KEPT_DIFFERENCES = Map.of(
        "GET_NAMESRV_CONFIG", "our keys are our own (no rocketmqHome, kvConfigPath...): only the code is compared",
        "code 103 without header fields", "Apache answers with the text of its NullPointerException; ours names the field",
        "code 322 without header fields", "Apache answers with the text of its NullPointerException; ours names the field",
        "code 904 without header fields", "Apache answers with the text of its NullPointerException; ours names the field");

    private record Step(String name, RemotingCommand request) {
    }

    /** What a server answered, made comparable. */
    private record Answer(int code, String remark, Map<String, String> extFields, JsonNode body) {
    }

    @Test
    void oursAnswersEveryRequestAsApachesDoes() throws Exception {
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
        Map<String, String> config = Map.of("orderMessageEnable", "true");
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        List<String> differences = new ArrayList<>();
        int compared = 0;
        try (NameServerUnderTest apache = ApacheNamesrvProcess.start(ItDirs.newDir("golden-apache"), config);
             NameServerUnderTest ours = DistNamesrvProcess.start(ItDirs.newDir("golden-ours"), config)) {
            for (SerializeType type : SerializeType.values()) {
                List<Step> apacheSteps = scenario(type, "a");
                List<Step> ourSteps = scenario(type, "a");
                for (int i = 0; i < apacheSteps.size(); i++) {
                    String name = apacheSteps.get(i).name();
                    Answer expected = answer(client.invokeSync(apache.address(), apacheSteps.get(i).request(), 10_000));
                    Answer actual = answer(client.invokeSync(ours.address(), ourSteps.get(i).request(), 10_000));
                    compared++;
                    boolean same = KEPT_DIFFERENCES.containsKey(name) ? expected.code() == actual.code()
                        : expected.equals(actual);
                    System.out.printf("%-8s %-55s code %3d %s%n", type, name, actual.code(), same ? "same" : "DIFFERENT");
                    if (!same) {
                        differences.add(type + " " + name + ":\n  apache " + expected + "\n  ours   " + actual);
                    }
                }
            }
        } finally {
            client.shutdown();
        }
        assertEquals(List.of(), differences, compared + " answers compared");
    }

    /** The same requests, in order, for each server: a broker group, its topics, and every admin call. */
    private static List<Step> scenario(SerializeType type, String suffix) {
        List<Step> steps = new ArrayList<>();
        String topic = "golden-topic-" + suffix;
        byte[] masterBody = registrationBody(1, topic, "golden-other");
        steps.add(new Step("REGISTER_BROKER master", request(103, type, registration(MASTER, 0, masterBody), masterBody)));
        byte[] slaveBody = registrationBody(1, topic, "golden-other");
        steps.add(new Step("REGISTER_BROKER slave", request(103, type, registration(SLAVE, 1, slaveBody), slaveBody)));
        steps.add(new Step("QUERY_DATA_VERSION unchanged", request(322, type, brokerFields(MASTER, 0), dataVersion(1).encode())));
        steps.add(new Step("QUERY_DATA_VERSION changed", request(322, type, brokerFields(MASTER, 0), dataVersion(2).encode())));
        steps.add(new Step("BROKER_HEARTBEAT", request(904, type, brokerFields(MASTER, 0), null)));
        steps.add(new Step("GET_ROUTEINFO_BY_TOPIC", request(105, type, Map.of("topic", topic), null)));
        RemotingCommand oldClient = request(105, type, Map.of("topic", topic), null);
        oldClient.setVersion(MQVersion.Version.V4_9_3.ordinal());
        steps.add(new Step("GET_ROUTEINFO_BY_TOPIC from a 4.9.3 client", oldClient));
        steps.add(new Step("GET_ROUTEINFO_BY_TOPIC unknown topic", request(105, type, Map.of("topic", "nope"), null)));
        steps.add(new Step("GET_ROUTEINFO_BY_TOPIC without topic", request(105, type, Map.of(), null)));
        steps.add(new Step("GET_KV_CONFIG without namespace", request(101, type, Map.of("key", "k"), null)));
        steps.add(new Step("GET_KVLIST_BY_NAMESPACE without namespace", request(219, type, Map.of(), null)));
        steps.add(new Step("PUT_KV_CONFIG without key", request(100, type, Map.of("namespace", "ns", "value", "v"), null)));
        steps.add(new Step("DELETE_KV_CONFIG without namespace", request(102, type, Map.of("key", "k"), null)));
        steps.add(new Step("GET_BROKER_CLUSTER_INFO", request(106, type, null, null)));
        steps.add(new Step("PUT_KV_CONFIG", request(100, type, Map.of("namespace", "ns", "key", "k", "value", "v"), null)));
        steps.add(new Step("PUT_KV_CONFIG order topic", request(100, type,
            Map.of("namespace", "ORDER_TOPIC_CONFIG", "key", topic, "value", "golden-broker:4"), null)));
        steps.add(new Step("GET_KV_CONFIG", request(101, type, Map.of("namespace", "ns", "key", "k"), null)));
        steps.add(new Step("GET_KVLIST_BY_NAMESPACE", request(219, type, Map.of("namespace", "ns"), null)));
        steps.add(new Step("GET_ROUTEINFO_BY_TOPIC with order config", request(105, type, Map.of("topic", topic), null)));
        steps.add(new Step("DELETE_KV_CONFIG", request(102, type, Map.of("namespace", "ns", "key", "k"), null)));
        steps.add(new Step("GET_KV_CONFIG deleted", request(101, type, Map.of("namespace", "ns", "key", "k"), null)));
        steps.add(new Step("GET_KVLIST_BY_NAMESPACE unknown", request(219, type, Map.of("namespace", "none"), null)));
        steps.add(new Step("GET_ALL_TOPIC_LIST_FROM_NAMESERVER", request(206, type, null, null)));
        steps.add(new Step("GET_TOPICS_BY_CLUSTER", request(224, type, Map.of("cluster", CLUSTER), null)));
        steps.add(new Step("GET_SYSTEM_TOPIC_LIST_FROM_NS", request(304, type, null, null)));
        steps.add(new Step("GET_UNIT_TOPIC_LIST", request(311, type, null, null)));
        steps.add(new Step("GET_HAS_UNIT_SUB_TOPIC_LIST", request(312, type, null, null)));
        steps.add(new Step("GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST", request(313, type, null, null)));
        steps.add(new Step("GET_BROKER_MEMBER_GROUP", request(901, type,
            Map.of("clusterName", CLUSTER, "brokerName", "golden-broker"), null)));
        steps.add(new Step("WIPE_WRITE_PERM_OF_BROKER", request(205, type, Map.of("brokerName", "golden-broker"), null)));
        steps.add(new Step("GET_ROUTEINFO_BY_TOPIC after wipe", request(105, type, Map.of("topic", topic), null)));
        steps.add(new Step("ADD_WRITE_PERM_OF_BROKER", request(327, type, Map.of("brokerName", "golden-broker"), null)));
        steps.add(new Step("REGISTER_TOPIC_IN_NAMESRV", request(217, type, Map.of("topic", "golden-admin-topic"),
            adminRoute().encode())));
        steps.add(new Step("GET_ROUTEINFO_BY_TOPIC admin topic", request(105, type, Map.of("topic", "golden-admin-topic"), null)));
        steps.add(new Step("DELETE_TOPIC_IN_NAMESRV with cluster", request(216, type,
            Map.of("topic", "golden-admin-topic", "clusterName", CLUSTER), null)));
        steps.add(new Step("DELETE_TOPIC_IN_NAMESRV", request(216, type, Map.of("topic", "golden-other"), null)));
        steps.add(new Step("GET_ROUTEINFO_BY_TOPIC deleted", request(105, type, Map.of("topic", "golden-other"), null)));
        steps.add(new Step("UPDATE_NAMESRV_CONFIG", request(318, type, null,
            "enableTopicList=true\n".getBytes(StandardCharsets.UTF_8))));
        steps.add(new Step("UPDATE_NAMESRV_CONFIG black-listed", request(318, type, null,
            "kvConfigPath=/tmp/x\n".getBytes(StandardCharsets.UTF_8))));
        steps.add(new Step("GET_NAMESRV_CONFIG", request(319, type, null, null)));
        steps.add(new Step("UNREGISTER_BROKER slave", request(104, type, brokerFields(SLAVE, 1), null)));
        steps.add(new Step("UNREGISTER_BROKER master", request(104, type, brokerFields(MASTER, 0), null)));
        steps.add(new Step("GET_ROUTEINFO_BY_TOPIC unregistered", request(105, type, Map.of("topic", topic), null)));
        steps.add(new Step("unknown request code", request(9999, type, null, null)));
        for (int code : new int[] {103, 104, 205, 216, 217, 224, 322, 327, 901, 904}) {
            steps.add(new Step("code " + code + " without header fields", request(code, type, Map.of(), null)));
        }
        return steps;
    }

    private static RemotingCommand request(int code, SerializeType type, Map<String, String> fields, byte[] body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        request.setSerializeTypeCurrentRPC(type);
        if (fields != null) {
            request.setExtFields(new HashMap<>(fields));
        }
        request.setBody(body);
        return request;
    }

    private static Map<String, String> brokerFields(String addr, long brokerId) {
        return Map.of("clusterName", CLUSTER, "brokerName", "golden-broker", "brokerAddr", addr,
            "brokerId", Long.toString(brokerId));
    }

    private static Map<String, String> registration(String addr, long brokerId, byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        Map<String, String> fields = new HashMap<>(brokerFields(addr, brokerId));
        fields.put("haServerAddr", addr.replace("0911", "0912").replace("0921", "0922"));
        fields.put("enableActingMaster", "false");
        fields.put("compressed", "false");
        fields.put("bodyCrc32", Integer.toString((int) (crc.getValue() & 0x7FFFFFFF)));
        return fields;
    }

    private static DataVersion dataVersion(long counter) {
        DataVersion version = new DataVersion();
        version.setTimestamp(1_700_000_000_000L);
        version.setCounter(new AtomicLong(counter));
        return version;
    }

    private static byte[] registrationBody(long counter, String... topics) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        wrapper.setDataVersion(dataVersion(counter));
        wrapper.getTopicConfigTable().put("golden-broker", new TopicConfig("golden-broker", 1, 1, 7));
        for (String topic : topics) {
            wrapper.getTopicConfigTable().put(topic, new TopicConfig(topic, 4, 4, 6));
        }
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        return body.encode(false);
    }

    private static TopicRouteData adminRoute() {
        QueueData queues = new QueueData();
        queues.setBrokerName("golden-broker");
        queues.setReadQueueNums(3);
        queues.setWriteQueueNums(3);
        queues.setPerm(6);
        TopicRouteData route = new TopicRouteData();
        route.setQueueDatas(List.of(queues));
        return route;
    }

    private static Answer answer(RemotingCommand response) throws Exception {
        Map<String, String> fields = response.getExtFields() == null ? Map.of() : new TreeMap<>(response.getExtFields());
        JsonNode body = null;
        if (response.getBody() != null) {
            String text = new String(response.getBody(), StandardCharsets.UTF_8);
            body = text.startsWith("{") ? canonical(Json.MAPPER.readTree(text)) : JsonNodeFactory.instance.textNode(text);
        }
        return new Answer(response.getCode(), response.getRemark(), fields, body);
    }

    /** Arrays whose order means nothing (sets, queue datas) sorted, so equal content compares equal. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), canonical(e.getValue())));
            new TreeMap<>(fields).forEach(sorted::set);
            return sorted;
        }
        if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            node.forEach(element -> elements.add(canonical(element)));
            elements.sort(Comparator.comparing(JsonNode::toString));
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            elements.forEach(array::add);
            return array;
        }
        return node;
    }
}
