package io.namesrv.dist;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.Teardown;
import io.namesrv.dist.support.NameServerUnderTest;
import io.namesrv.dist.support.NameServers;
import io.namesrv.dist.support.RocketClients;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.TopicList;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin calls of Apache RocketMQ 5.4.0's DefaultMQAdminExt (what mqadmin runs) that reach the
 * name server, against ours with a real broker registered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminToolsIT {
    private static final String CLUSTER = "AdminCluster";
    private static final String BROKER = "admin-broker-a";

    private static NameServerUnderTest namesrv;
    private static BrokerProcess broker;
    private static RocketClients clients;
    private static DefaultMQAdminExt admin;

    @BeforeAll
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    static void start() {
        namesrv = NameServers.start(ItDirs.newDir("admin-namesrv"), Map.of("orderMessageEnable", "true"));
        clients = new RocketClients(namesrv.address());
        admin = clients.admin();
        broker = BrokerProcess.builder(namesrv.address()).cluster(CLUSTER).brokerName(BROKER).start();
    }

    @AfterAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void stop() throws Exception {
        Teardown.closeAll(clients, Teardown.killing(broker), namesrv);
    }

    private static String createTopic(String prefix, int queues) throws Exception {
        String topic = RocketClients.unique(prefix);
        admin.createAndUpdateTopicConfig(broker.address(), new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE));
        awaitRoute(topic);
        return topic;
    }

    private static TopicRouteData awaitRoute(String topic) {
        return Await.until("a route for " + topic, Duration.ofSeconds(30), () -> admin.examineTopicRouteInfo(topic),
            route -> route != null && !route.getQueueDatas().isEmpty());
    }

    private static MQClientAPIImpl clientApi() {
        return admin.getDefaultMQAdminExtImpl().getMqClientInstance().getMQClientAPIImpl();
    }

    @Test
    void topicListsAllByClusterAndSystem() throws Exception {
        String topic = createTopic("admin_list", 2);

        assertTrue(admin.fetchAllTopicList().getTopicList().containsAll(Set.of(topic, BROKER, CLUSTER)));
        assertTrue(admin.fetchTopicsByCLuster(CLUSTER).getTopicList().contains(topic));
        TopicList system = clientApi().getSystemTopicList(10_000);
        assertTrue(system.getTopicList().containsAll(Set.of(CLUSTER, BROKER)), system.getTopicList().toString());
        assertEquals(broker.address(), system.getBrokerAddr());
        assertTrue(clientApi().getUnitTopicList(false, 10_000).getTopicList().isEmpty());
    }

    @Test
    void deletingATopicInTheNameServerRemovesItsRoute() throws Exception {
        String topic = createTopic("admin_delete", 2);
        admin.deleteTopicInNameServer(Set.of(namesrv.address()), CLUSTER, topic);
        MQClientException gone = assertThrows(MQClientException.class, () -> admin.examineTopicRouteInfo(topic));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, gone.getResponseCode());
    }

    @Test
    void writePermissionIsWipedAndAddedBack() throws Exception {
        String topic = createTopic("admin_perm", 2);
        int wiped = admin.wipeWritePermOfBroker(namesrv.address(), BROKER);
        assertTrue(wiped >= 1, "wiped " + wiped);
        assertEquals(PermName.PERM_READ, admin.examineTopicRouteInfo(topic).getQueueDatas().get(0).getPerm());
        assertEquals(wiped, admin.addWritePermOfBroker(namesrv.address(), BROKER));
        assertEquals(PermName.PERM_READ | PermName.PERM_WRITE,
            admin.examineTopicRouteInfo(topic).getQueueDatas().get(0).getPerm());
    }

    @Test
    void namesrvConfigIsReadAndUpdated() throws Exception {
        List<String> servers = List.of(namesrv.address());
        Properties before = admin.getNameServerConfig(servers).get(namesrv.address());
        assertEquals("true", before.getProperty("enableAllTopicList"));

        Properties change = new Properties();
        change.setProperty("enableAllTopicList", "false");
        admin.updateNameServerConfig(change, servers);
        assertEquals("false", admin.getNameServerConfig(servers).get(namesrv.address()).getProperty("enableAllTopicList"));
        assertThrows(MQClientException.class, () -> admin.fetchAllTopicList());

        change.setProperty("enableAllTopicList", "true");
        admin.updateNameServerConfig(change, servers);
        Properties blackListed = new Properties();
        blackListed.setProperty("kvConfigPath", "/tmp/elsewhere");
        assertThrows(Exception.class, () -> admin.updateNameServerConfig(blackListed, servers));
    }

    @Test
    void orderTopicConfigIsKeptAsKvConfig() throws Exception {
        String topic = createTopic("admin_order", 4);
        admin.createOrUpdateOrderConf(topic, BROKER + ":4", false);
        assertEquals(BROKER + ":4", admin.getKVConfig("ORDER_TOPIC_CONFIG", topic));
        assertEquals(BROKER + ":4", admin.examineTopicRouteInfo(topic).getOrderTopicConf());
    }
}
