package io.namesrv.remoting;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.kv.KvConfigManager;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import static io.namesrv.remoting.PipelineHarness.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request this server serves, through the real pipeline, with bodies made and read by Apache
 * RocketMQ 5.4.0's own classes.
 */
class NamesrvRequestsTest {
    private static final String MASTER = "127.0.0.1:10911";
    private static final String SLAVE = "127.0.0.1:10921";

    private PipelineHarness harness = new PipelineHarness();
    private int opaque = 100;

    @AfterEach
    void close() {
        harness.close();
    }

    private RemotingCommand request(int code, Map<String, String> fields) {
        return RemotingCommand.request(code, fields).opaque(++opaque).version(493);
    }

    private static byte[] registrationBody(long counter, boolean compressed, String... topics) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        DataVersion version = new DataVersion();
        version.setTimestamp(1_000 + counter);
        version.setCounter(new AtomicLong(counter));
        wrapper.setDataVersion(version);
        for (String topic : topics) {
            wrapper.getTopicConfigTable().put(topic, new TopicConfig(topic, 4, 4, 6));
        }
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        return body.encode(compressed);
    }

    private static Map<String, String> registrationHeader(String addr, long brokerId, boolean compressed, byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        Map<String, String> header = new HashMap<>(Map.of("brokerName", "broker-a", "brokerAddr", addr,
            "clusterName", "DefaultCluster", "haServerAddr", haAddressOf(addr),
            "brokerId", Long.toString(brokerId), "enableActingMaster", "false", "compressed", Boolean.toString(compressed),
            "bodyCrc32", Integer.toString((int) (crc.getValue() & 0x7FFFFFFF))));
        header.put("heartbeatTimeoutMillis", "30000");
        return header;
    }

    private static String haAddressOf(String addr) {
        int colon = addr.lastIndexOf(':');
        return addr.substring(0, colon + 1) + (Integer.parseInt(addr.substring(colon + 1)) + 1);
    }

    private RemotingCommand register(EmbeddedChannel channel, String addr, long brokerId, boolean compressed,
                                     long counter) {
        byte[] body = registrationBody(counter, compressed, "broker-a", "orders", "audit");
        return exchange(channel, request(RequestCode.REGISTER_BROKER, registrationHeader(addr, brokerId, compressed, body))
            .body(body));
    }

    private RemotingCommand route(EmbeddedChannel channel, String topic) {
        return exchange(channel, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic)));
    }

    @Test
    void aRegisteredBrokerIsRoutedAndListed() {
        EmbeddedChannel channel = harness.channel();
        RemotingCommand registered = register(channel, MASTER, 0, false, 1);
        assertEquals(ResponseCode.SUCCESS, registered.code());
        assertEquals(opaque, registered.opaque());
        assertTrue(registered.isResponse());
        assertNull(registered.extFields(), "a master has no master address to be told");

        RemotingCommand routed = route(channel, "orders");
        assertEquals(ResponseCode.SUCCESS, routed.code());
        TopicRouteData route = TopicRouteData.decode(routed.body(), TopicRouteData.class);
        assertEquals(4, route.getQueueDatas().get(0).getWriteQueueNums());
        assertEquals(MASTER, route.getBrokerDatas().get(0).getBrokerAddrs().get(0L));

        RemotingCommand cluster = exchange(channel, request(RequestCode.GET_BROKER_CLUSTER_INFO, null));
        ClusterInfo info = ClusterInfo.decode(cluster.body(), ClusterInfo.class);
        assertEquals(MASTER, info.getBrokerAddrTable().get("broker-a").getBrokerAddrs().get(0L));
        assertTrue(info.getClusterAddrTable().get("DefaultCluster").contains("broker-a"));
    }

    @Test
    void aCompressedRegistrationIsAccepted() {
        EmbeddedChannel channel = harness.channel();
        assertEquals(ResponseCode.SUCCESS, register(channel, MASTER, 0, true, 1).code());
        assertEquals(ResponseCode.SUCCESS, route(channel, "audit").code());
    }

    @Test
    void oldClientsGetUnquotedKeysAndNewOnesStandardJson() {
        EmbeddedChannel channel = harness.channel();
        register(channel, MASTER, 0, false, 1);
        String old = new String(exchange(channel, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "orders"))
            .version(390)).body());
        assertTrue(old.contains("{0:\""), old);
        String asked = new String(exchange(channel, request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
            Map.of("topic", "orders", "acceptStandardJsonOnly", "true")).version(390)).body());
        assertTrue(asked.contains("{\"0\":\""), asked);
        String current = new String(route(channel, "orders").body());
        assertTrue(current.contains("{\"0\":\""), current);
    }

    @Test
    void aSlaveLearnsItsMaster() {
        EmbeddedChannel channel = harness.channel();
        register(channel, MASTER, 0, false, 1);
        RemotingCommand slave = register(harness.channel(), SLAVE, 1, false, 1);
        assertEquals(MASTER, slave.extField("masterAddr"));
        assertEquals("127.0.0.1:10912", slave.extField("haServerAddr"));
    }

    @Test
    void aBadCrcIsRefused() {
        byte[] body = registrationBody(1, false, "broker-a", "orders");
        Map<String, String> header = registrationHeader(MASTER, 0, false, body);
        header.put("bodyCrc32", "12345");
        RemotingCommand response = exchange(harness.channel(), request(RequestCode.REGISTER_BROKER, header).body(body));
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertEquals("crc32 not match", response.remark());
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedAndTheConnectionKept() {
        byte[] body = "{not json".getBytes();
        Map<String, String> header = registrationHeader(MASTER, 0, false, body);
        EmbeddedChannel channel = harness.channel();
        RemotingCommand response = exchange(channel, request(RequestCode.REGISTER_BROKER, header).body(body));
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertTrue(response.remark().startsWith("Failed to decode RegisterBrokerBody"), response.remark());
        assertTrue(channel.isOpen());
    }

    @Test
    void aCompressedBodyThatInflatesPastTheLimitIsRefused() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(bytes)) {
            // a data version, one topic, and that topic's text claiming 2 GiB
            out.write(new byte[] {0, 0, 0, 2, '{', '}', 0, 0, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            out.write(new byte[PipelineHarness.MAX_FRAME * 9]);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        byte[] body = bytes.toByteArray();
        RemotingCommand response = exchange(harness.channel(),
            request(RequestCode.REGISTER_BROKER, registrationHeader(MASTER, 0, true, body)).body(body));
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertTrue(response.remark().contains("inflates beyond"), response.remark());
    }

    @Test
    void aMissingHeaderFieldIsNamed() {
        RemotingCommand response = exchange(harness.channel(), request(RequestCode.BROKER_HEARTBEAT, Map.of()));
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertEquals("the custom field <clusterName> is null", response.remark());
    }

    @Test
    void kvRequestsWithoutNamespaceOrKeyAreAnsweredAsApachesAre() {
        EmbeddedChannel channel = harness.channel();
        RemotingCommand get = exchange(channel, request(RequestCode.GET_KV_CONFIG, Map.of("key", "k")));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, get.code());
        assertEquals("No config item, Namespace: null Key: k", get.remark());
        RemotingCommand put = exchange(channel, request(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "ns", "value", "v")));
        assertEquals(ResponseCode.SYSTEM_ERROR, put.code());
        assertEquals("namespace or key is null", put.remark());
        assertEquals(ResponseCode.SUCCESS, exchange(channel, request(RequestCode.DELETE_KV_CONFIG, Map.of())).code());
    }

    @Test
    void aRouteQueryWithoutTopicFindsNoRouteAsApachesDoes() {
        RemotingCommand response = exchange(harness.channel(), request(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of()));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, response.code());
        assertTrue(response.remark().startsWith("No topic route info in name server for the topic: null"));
    }

    @Test
    void anUnknownTopicIsTopicNotExist() {
        RemotingCommand response = route(harness.channel(), "nope");
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, response.code());
        assertTrue(response.remark().startsWith("No topic route info in name server for the topic: nope"));
    }

    @Test
    void anUnsupportedCodeIsSaidSo() {
        RemotingCommand response = exchange(harness.channel(), request(9999, null));
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.code());
        assertEquals(" request type 9999 not supported", response.remark());
    }

    @Test
    void aOnewayRequestIsServedWithoutAnswer() {
        EmbeddedChannel channel = harness.channel();
        assertNull(exchange(channel, request(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "ns", "key", "k",
            "value", "v")).markOneway()));
        assertEquals("v", harness.nameServer.kvConfig().get("ns", "k"));
    }

    @Test
    void kvConfigRoundTrips() {
        EmbeddedChannel channel = harness.channel();
        assertEquals(ResponseCode.SUCCESS, exchange(channel, request(RequestCode.PUT_KV_CONFIG,
            Map.of("namespace", "ns", "key", "k1", "value", "v1"))).code());
        exchange(channel, request(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "ns", "key", "k2", "value", "v2")));

        RemotingCommand got = exchange(channel, request(RequestCode.GET_KV_CONFIG, Map.of("namespace", "ns", "key", "k1")));
        assertEquals("v1", got.extField("value"));
        RemotingCommand listed = exchange(channel, request(RequestCode.GET_KVLIST_BY_NAMESPACE, Map.of("namespace", "ns")));
        assertEquals(Map.of("k1", "v1", "k2", "v2"), KVTable.decode(listed.body(), KVTable.class).getTable());

        exchange(channel, request(RequestCode.DELETE_KV_CONFIG, Map.of("namespace", "ns", "key", "k1")));
        RemotingCommand gone = exchange(channel, request(RequestCode.GET_KV_CONFIG, Map.of("namespace", "ns", "key", "k1")));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, gone.code());
        assertEquals("No config item, Namespace: ns Key: k1", gone.remark());
        RemotingCommand noNamespace = exchange(channel,
            request(RequestCode.GET_KVLIST_BY_NAMESPACE, Map.of("namespace", "absent")));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, noNamespace.code());
        RemotingCommand noValue = exchange(channel, request(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "ns", "key", "k")));
        assertEquals("the custom field <value> is null", noValue.remark());
    }

    @Test
    void theRegistrationAnswerCarriesTheOrderTopicConfig() {
        harness.nameServer.kvConfig().put(KvConfigManager.NAMESPACE_ORDER_TOPIC_CONFIG, "orders", "broker-a:4");
        RemotingCommand registered = register(harness.channel(), MASTER, 0, false, 1);
        assertEquals(Map.of("orders", "broker-a:4"), KVTable.decode(registered.body(), KVTable.class).getTable());
    }

    @Test
    void theOrderTopicConfigIsInTheRouteWhenEnabled() {
        harness.close();
        harness = new PipelineHarness(Map.of(NamesrvConfig.ORDER_MESSAGE_ENABLE.name(), "true"));
        EmbeddedChannel channel = harness.channel();
        register(channel, MASTER, 0, false, 1);
        harness.nameServer.kvConfig().put(KvConfigManager.NAMESPACE_ORDER_TOPIC_CONFIG, "orders", "broker-a:4");
        TopicRouteData route = TopicRouteData.decode(route(channel, "orders").body(), TopicRouteData.class);
        assertEquals("broker-a:4", route.getOrderTopicConf());
    }

    @Test
    void queryDataVersionSaysWhetherTheBrokerChanged() {
        EmbeddedChannel channel = harness.channel();
        register(channel, MASTER, 0, false, 5);
        Map<String, String> header = Map.of("brokerName", "broker-a", "brokerAddr", MASTER, "clusterName",
            "DefaultCluster", "brokerId", "0");
        DataVersion same = new DataVersion();
        same.setTimestamp(1_005);
        same.setCounter(new AtomicLong(5));
        RemotingCommand unchanged = exchange(channel, request(RequestCode.QUERY_DATA_VERSION, header).body(same.encode()));
        assertEquals("false", unchanged.extField("changed"));
        assertEquals(5, DataVersion.decode(unchanged.body(), DataVersion.class).getCounter().get());

        same.setCounter(new AtomicLong(6));
        RemotingCommand changed = exchange(channel, request(RequestCode.QUERY_DATA_VERSION, header).body(same.encode()));
        assertEquals("true", changed.extField("changed"));
    }

    @Test
    void heartbeatAndUnregister() {
        EmbeddedChannel channel = harness.channel();
        register(channel, MASTER, 0, false, 1);
        assertEquals(ResponseCode.SUCCESS, exchange(channel, request(RequestCode.BROKER_HEARTBEAT,
            Map.of("clusterName", "DefaultCluster", "brokerAddr", MASTER, "brokerName", "broker-a", "brokerId", "0")))
            .code());
        assertEquals(ResponseCode.SUCCESS, exchange(channel, request(RequestCode.UNREGISTER_BROKER,
            Map.of("clusterName", "DefaultCluster", "brokerAddr", MASTER, "brokerName", "broker-a", "brokerId", "0")))
            .code());
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, route(channel, "orders").code());
    }

    @Test
    void aClosedBrokerConnectionUnregistersTheBroker() {
        EmbeddedChannel broker = harness.channel();
        register(broker, MASTER, 0, false, 1);
        EmbeddedChannel client = harness.channel();
        assertEquals(ResponseCode.SUCCESS, route(client, "orders").code());

        broker.close();

        assertEquals(ResponseCode.TOPIC_NOT_EXIST, route(client, "orders").code());
        assertFalse(harness.nameServer.routes().clusterInfo().brokerAddrTable().containsKey("broker-a"));
        assertEquals(List.of(), List.copyOf(harness.nameServer.routes().liveTable().keySet()));
    }
}
