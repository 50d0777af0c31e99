package io.namesrv.remoting;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.testkit.Registrations;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.rocketmq.remoting.protocol.body.GetBrokerMemberGroupResponseBody;
import org.apache.rocketmq.remoting.protocol.body.TopicList;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.namesrv.remoting.PipelineHarness.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin requests, through the real pipeline, read with Apache RocketMQ 5.4.0's own classes. */
class AdminRequestsTest {
    private static final String A = "127.0.0.1:10911";
    private static final String B = "127.0.0.1:20911";

    private final PipelineHarness harness = new PipelineHarness();
    private EmbeddedChannel channel;

    @BeforeEach
    void registerTwoBrokers() {
        harness.nameServer.routes().registerBroker(Registrations.broker("broker-a", A).cluster("c1")
            .topic("orders", 8).topic("audit", 4).build());
        harness.nameServer.routes().registerBroker(Registrations.broker("broker-b", B).cluster("c2")
            .topic("orders", 8).build());
        channel = harness.channel();
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private RemotingCommand call(int code, Map<String, String> fields) {
        return exchange(channel, RemotingCommand.request(code, fields).opaque(1));
    }

    private Set<String> topics(RemotingCommand response) {
        assertEquals(ResponseCode.SUCCESS, response.code(), response.remark());
        return TopicList.decode(response.body(), TopicList.class).getTopicList();
    }

    @Test
    void topicLists() {
        assertEquals(Set.of("orders", "audit", "broker-a", "broker-b"),
            topics(call(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, null)));
        assertEquals(Set.of("orders", "audit", "broker-a"),
            topics(call(RequestCode.GET_TOPICS_BY_CLUSTER, Map.of("cluster", "c1"))));
        RemotingCommand system = call(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, null);
        assertEquals(Set.of("c1", "c2", "broker-a", "broker-b"), topics(system));
        assertTrue(Set.of(A, B).contains(TopicList.decode(system.body(), TopicList.class).getBrokerAddr()));
        assertEquals(Set.of(), topics(call(RequestCode.GET_UNIT_TOPIC_LIST, null)));
        assertEquals(Set.of(), topics(call(RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, null)));
        assertEquals(Set.of(), topics(call(RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST, null)));
    }

    @Test
    void topicListsCanBeSwitchedOff() {
        harness.nameServer.config().update(Map.of(NamesrvConfig.ENABLE_ALL_TOPIC_LIST.name(), "false",
            NamesrvConfig.ENABLE_TOPIC_LIST.name(), "false"));
        for (int code : new int[] {RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.GET_UNIT_TOPIC_LIST}) {
            RemotingCommand response = call(code, null);
            assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
            assertEquals("disable", response.remark());
        }
        assertEquals(ResponseCode.SYSTEM_ERROR, call(RequestCode.GET_TOPICS_BY_CLUSTER, Map.of("cluster", "c1")).code());
    }

    @Test
    void writePermissionIsWipedAndAdded() {
        RemotingCommand wiped = call(RequestCode.WIPE_WRITE_PERM_OF_BROKER, Map.of("brokerName", "broker-a"));
        assertEquals("3", wiped.extField("wipeTopicCount"));
        TopicRouteData route = TopicRouteData.decode(call(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "audit"))
            .body(), TopicRouteData.class);
        assertEquals(4, route.getQueueDatas().get(0).getPerm());
        RemotingCommand added = call(RequestCode.ADD_WRITE_PERM_OF_BROKER, Map.of("brokerName", "broker-a"));
        assertEquals("3", added.extField("addTopicCount"));
    }

    @Test
    void topicsAreDeletedAndRegistered() {
        call(RequestCode.DELETE_TOPIC_IN_NAMESRV, Map.of("topic", "orders", "clusterName", "c1"));
        TopicRouteData route = TopicRouteData.decode(call(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "orders"))
            .body(), TopicRouteData.class);
        assertEquals(List.of("broker-b"), route.getQueueDatas().stream().map(QueueData::getBrokerName).toList());
        call(RequestCode.DELETE_TOPIC_IN_NAMESRV, Map.of("topic", "orders"));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, call(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "orders")).code());

        TopicRouteData registered = new TopicRouteData();
        QueueData queueData = new QueueData();
        queueData.setBrokerName("broker-b");
        queueData.setReadQueueNums(3);
        queueData.setWriteQueueNums(3);
        queueData.setPerm(6);
        registered.setQueueDatas(List.of(queueData));
        assertEquals(ResponseCode.SUCCESS, exchange(channel, RemotingCommand.request(RequestCode.REGISTER_TOPIC_IN_NAMESRV,
            Map.of("topic", "static")).body(registered.encode())).code());
        TopicRouteData route2 = TopicRouteData.decode(call(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "static"))
            .body(), TopicRouteData.class);
        assertEquals(3, route2.getQueueDatas().get(0).getReadQueueNums());
    }

    @Test
    void brokerMemberGroup() {
        RemotingCommand response = call(RequestCode.GET_BROKER_MEMBER_GROUP, Map.of("clusterName", "c1", "brokerName", "broker-a"));
        GetBrokerMemberGroupResponseBody body = GetBrokerMemberGroupResponseBody.decode(response.body(),
            GetBrokerMemberGroupResponseBody.class);
        assertEquals(Map.of(0L, A), body.getBrokerMemberGroup().getBrokerAddrs());
        RemotingCommand unknown = call(RequestCode.GET_BROKER_MEMBER_GROUP, Map.of("clusterName", "c1", "brokerName", "x"));
        assertTrue(GetBrokerMemberGroupResponseBody.decode(unknown.body(), GetBrokerMemberGroupResponseBody.class)
            .getBrokerMemberGroup().getBrokerAddrs().isEmpty());
    }

    @Test
    void namesrvConfigIsReadAndUpdatedButNotItsBlackList() {
        String config = new String(call(RequestCode.GET_NAMESRV_CONFIG, null).body(), StandardCharsets.UTF_8);
        assertTrue(config.contains("orderMessageEnable=false\n"), config);

        RemotingCommand update = exchange(channel, RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG, null)
            .body("orderMessageEnable=true\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SUCCESS, update.code());
        assertEquals(true, harness.nameServer.config().get(NamesrvConfig.ORDER_MESSAGE_ENABLE));

        RemotingCommand refused = exchange(channel, RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG, null)
            .body("storeType=jdbc\norderMessageEnable=false".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.NO_PERMISSION, refused.code());
        assertEquals("Can not update config in black list.", refused.remark());
        assertEquals(true, harness.nameServer.config().get(NamesrvConfig.ORDER_MESSAGE_ENABLE), "nothing changed");

        RemotingCommand invalid = exchange(channel, RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG, null)
            .body("listenPort=abc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SYSTEM_ERROR, invalid.code());
    }

    @Test
    void theAddressServerListIsShownAndChangedAndABadOneIsRefused() {
        String config = new String(call(RequestCode.GET_NAMESRV_CONFIG, null).body(), StandardCharsets.UTF_8);
        assertTrue(config.contains("addressServerList=\n"), config);
        assertTrue(config.contains("addressServerSubgroup=nsaddr\n"), config);

        RemotingCommand update = exchange(channel, RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG, null)
            .body("addressServerList=10.0.0.1:9876;10.0.0.2:9876\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SUCCESS, update.code());
        config = new String(call(RequestCode.GET_NAMESRV_CONFIG, null).body(), StandardCharsets.UTF_8);
        assertTrue(config.contains("addressServerList=10.0.0.1:9876;10.0.0.2:9876\n"), config);

        RemotingCommand invalid = exchange(channel, RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG, null)
            .body("addressServerList=10.0.0.3\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SYSTEM_ERROR, invalid.code());
        assertEquals("invalid value '10.0.0.3' for config key addressServerList: '10.0.0.3' is not host:port", invalid.remark());
        assertEquals(List.of("10.0.0.1:9876", "10.0.0.2:9876"),
            harness.nameServer.config().get(NamesrvConfig.ADDRESS_SERVER_LIST), "nothing changed");
    }
}
