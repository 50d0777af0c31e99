package io.namesrv.remoting;

import com.alibaba.fastjson2.JSONWriter;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.ClusterInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.api.model.TopicConfig;
import io.namesrv.api.model.TopicQueueMapping;
import io.namesrv.api.model.TopicRouteData;
import io.namesrv.remoting.body.Bodies;
import io.namesrv.remoting.body.RegisterBrokerBody;
import io.namesrv.remoting.body.RegisterBrokerBodyDecoder;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our bodies against Apache RocketMQ 5.4.0's own classes encoded by fastjson, the way its name
 * server encodes them: the bytes must be the same.
 */
class FastjsonCompatibilityTest {
    private static final String A = "127.0.0.1:10911";
    private static final String A1 = "127.0.0.1:10921";

    private static BrokerData ourBrokerA() {
        return new BrokerData("DefaultCluster", "broker-a", new TreeMap<>(Map.of(0L, A, 1L, A1)), null, false);
    }

    private static org.apache.rocketmq.remoting.protocol.route.BrokerData apacheBrokerA() {
        HashMap<Long, String> addrs = new HashMap<>(Map.of(0L, A, 1L, A1));
        return new org.apache.rocketmq.remoting.protocol.route.BrokerData("DefaultCluster", "broker-a", addrs);
    }

    private static org.apache.rocketmq.remoting.protocol.route.QueueData apacheQueue(String broker, int queues,
                                                                                    int perm) {
        org.apache.rocketmq.remoting.protocol.route.QueueData q = new org.apache.rocketmq.remoting.protocol.route.QueueData();
        q.setBrokerName(broker);
        q.setReadQueueNums(queues);
        q.setWriteQueueNums(queues);
        q.setPerm(perm);
        q.setTopicSysFlag(0);
        return q;
    }

    private static org.apache.rocketmq.remoting.protocol.route.TopicRouteData apacheRoute(String orderTopicConf) {
        org.apache.rocketmq.remoting.protocol.route.TopicRouteData route =
            new org.apache.rocketmq.remoting.protocol.route.TopicRouteData();
        route.setOrderTopicConf(orderTopicConf);
        route.setQueueDatas(List.of(apacheQueue("broker-a", 8, 6)));
        route.setBrokerDatas(List.of(apacheBrokerA()));
        route.setFilterServerTable(new HashMap<>());
        return route;
    }

    private static TopicRouteData ourRoute(String orderTopicConf) {
        return new TopicRouteData(orderTopicConf, List.of(new QueueData("broker-a", 8, 8, 6, 0)),
            List.of(ourBrokerA()), Map.of(), null);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void routeForOldClientsHasUnquotedNumericKeys() {
        String apache = utf8(apacheRoute(null).encode());
        assertEquals(apache, utf8(Bodies.topicRouteData(ourRoute(null), false)));
        assertEquals(true, apache.contains("{0:\"" + A + "\""), apache);
    }

    @Test
    void routeInStandardJsonAsForNewClients() {
        String apache = utf8(apacheRoute("broker-a:8").encode(JSONWriter.Feature.BrowserCompatible,
            JSONWriter.Feature.MapSortField));
        assertEquals(apache, utf8(Bodies.topicRouteData(ourRoute("broker-a:8"), true)));
    }

    @Test
    void routeWithZoneAndFilterServers() {
        org.apache.rocketmq.remoting.protocol.route.TopicRouteData apache = apacheRoute(null);
        apache.getBrokerDatas().get(0).setZoneName("zone-1");
        apache.getBrokerDatas().get(0).setEnableActingMaster(true);
        HashMap<String, List<String>> filters = new HashMap<>();
        filters.put(A, List.of("127.0.0.1:30000"));
        apache.setFilterServerTable(filters);
        TopicRouteData ours = new TopicRouteData(null, List.of(new QueueData("broker-a", 8, 8, 6, 0)),
            List.of(new BrokerData("DefaultCluster", "broker-a", new TreeMap<>(Map.of(0L, A, 1L, A1)), "zone-1", true)),
            Map.of(A, List.of("127.0.0.1:30000")), null);
        assertEquals(utf8(apache.encode()), utf8(Bodies.topicRouteData(ours, false)));
    }

    @Test
    void clusterInfo() {
        org.apache.rocketmq.remoting.protocol.body.ClusterInfo apache =
            new org.apache.rocketmq.remoting.protocol.body.ClusterInfo();
        apache.setBrokerAddrTable(new HashMap<>(Map.of("broker-a", apacheBrokerA())));
        apache.setClusterAddrTable(new HashMap<>(Map.of("DefaultCluster", new HashSet<>(Set.of("broker-a")))));
        ClusterInfo ours = new ClusterInfo(Map.of("broker-a", ourBrokerA()), Map.of("DefaultCluster", Set.of("broker-a")));
        assertEquals(utf8(apache.encode()), utf8(Bodies.clusterInfo(ours)));
    }

    @Test
    void kvTableWithCharactersThatNeedEscaping() {
        KVTable apache = new KVTable();
        HashMap<String, String> table = new HashMap<>();
        table.put("k", "v \"quoted\" back\\slash\ttab\u0001\u001f é 中 <>");
        apache.setTable(table);
        assertEquals(utf8(apache.encode()), utf8(Bodies.kvTable(table)));
    }

    @Test
    void dataVersion() {
        org.apache.rocketmq.remoting.protocol.DataVersion apache = new org.apache.rocketmq.remoting.protocol.DataVersion();
        apache.setStateVersion(3);
        apache.setTimestamp(1_700_000_000_123L);
        apache.setCounter(new AtomicLong(42));
        assertEquals(utf8(apache.encode()), utf8(Bodies.dataVersion(new DataVersion(3, 1_700_000_000_123L, 42))));
    }

    private static org.apache.rocketmq.remoting.protocol.statictopic.TopicQueueMappingInfo apacheMapping(long epoch) {
        org.apache.rocketmq.remoting.protocol.statictopic.TopicQueueMappingInfo info =
            new org.apache.rocketmq.remoting.protocol.statictopic.TopicQueueMappingInfo("static", 4, "broker-a", epoch);
        info.getCurrIdMap().put(0, 0);
        info.getCurrIdMap().put(1, 1);
        return info;
    }

    @Test
    void routeOfAStaticTopicInBothForms() {
        for (long epoch : new long[] {1_700_000_000_000L, 9_007_199_254_740_993L}) {
            org.apache.rocketmq.remoting.protocol.route.TopicRouteData apache = apacheRoute(null);
            apache.setTopicQueueMappingByBroker(new HashMap<>(Map.of("broker-a", apacheMapping(epoch))));
            TopicRouteData ours = new TopicRouteData(null, List.of(new QueueData("broker-a", 8, 8, 6, 0)),
                List.of(ourBrokerA()), Map.of(), Map.of("broker-a",
                TopicQueueMapping.of("static", "__global__", 4, "broker-a", epoch, false, Map.of(0, 0, 1, 1))));
            assertEquals(utf8(apache.encode()), utf8(Bodies.topicRouteData(ours, false)));
            assertEquals(utf8(apache.encode(JSONWriter.Feature.BrowserCompatible, JSONWriter.Feature.MapSortField)),
                utf8(Bodies.topicRouteData(ours, true)));
        }
    }

    @Test
    void topicListWithAndWithoutBrokerAddr() {
        org.apache.rocketmq.remoting.protocol.body.TopicList apache = new org.apache.rocketmq.remoting.protocol.body.TopicList();
        apache.setTopicList(new java.util.TreeSet<>(Set.of("b", "a", "%RETRY%g")));
        assertEquals(utf8(apache.encode()), utf8(Bodies.topicList(Set.of("a", "b", "%RETRY%g"), null)));
        apache.setBrokerAddr(A);
        assertEquals(utf8(apache.encode()), utf8(Bodies.topicList(Set.of("a", "b", "%RETRY%g"), A)));
    }

    @Test
    void brokerMemberGroup() {
        org.apache.rocketmq.remoting.protocol.body.BrokerMemberGroup group =
            new org.apache.rocketmq.remoting.protocol.body.BrokerMemberGroup("DefaultCluster", "broker-a");
        group.getBrokerAddrs().put(0L, A);
        group.getBrokerAddrs().put(1L, A1);
        org.apache.rocketmq.remoting.protocol.body.GetBrokerMemberGroupResponseBody apache =
            new org.apache.rocketmq.remoting.protocol.body.GetBrokerMemberGroupResponseBody();
        apache.setBrokerMemberGroup(group);
        assertEquals(utf8(apache.encode()), utf8(Bodies.brokerMemberGroup("DefaultCluster", "broker-a", Map.of(0L, A, 1L, A1))));
    }

    private static org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody apacheRegistration() {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        org.apache.rocketmq.remoting.protocol.DataVersion version = new org.apache.rocketmq.remoting.protocol.DataVersion();
        version.setStateVersion(1);
        version.setTimestamp(1_700_000_000_000L);
        version.setCounter(new AtomicLong(7));
        wrapper.setDataVersion(version);
        org.apache.rocketmq.common.TopicConfig orders = new org.apache.rocketmq.common.TopicConfig("orders", 8, 4, 6);
        orders.setAttributes(Map.of("+message.type", "NORMAL"));
        wrapper.getTopicConfigTable().put("orders", orders);
        wrapper.getTopicConfigTable().put("audit", new org.apache.rocketmq.common.TopicConfig("audit", 2, 2, 4));
        org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody body =
            new org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody();
        wrapper.getTopicConfigTable().put("static", new org.apache.rocketmq.common.TopicConfig("static", 2, 2, 6));
        wrapper.getTopicQueueMappingInfoMap().put("static", apacheMapping(1_700_000_000_000L));
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(List.of("127.0.0.1:30000"));
        return body;
    }

    @Test
    void registrationBodiesDecodeInBothForms() {
        RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1 << 20);
        for (boolean compressed : new boolean[] {false, true}) {
            RegisterBrokerBody body = decoder.decode(apacheRegistration().encode(compressed), compressed, true);
            assertEquals(new DataVersion(1, 1_700_000_000_000L, 7), body.dataVersion(), "compressed=" + compressed);
            assertEquals(new TopicConfig("orders", 8, 4, 6, 0, false), body.topicConfigs().get("orders"));
            assertEquals(new TopicConfig("audit", 2, 2, 4, 0, false), body.topicConfigs().get("audit"));
            assertEquals(List.of("127.0.0.1:30000"), body.filterServerList());
            assertEquals(TopicQueueMapping.of("static", "__global__", 4, "broker-a", 1_700_000_000_000L, false,
                Map.of(0, 0, 1, 1)), body.topicQueueMappings().get("static"));
        }
    }
}
