package io.namesrv.dist.container;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.Teardown;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.Network;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The name server's image with each store, under Testcontainers: a real RocketMQ 5.4.0 broker (a
 * child JVM on the host, namesrvAddr = the container's mapped port) registers, the real producer
 * sends through the route and the real consumer receives; then the container is stopped and a new
 * one started on the same store (volume or database). The new container gets another host port,
 * which the broker does not know, and the broker is frozen meanwhile: what the admin tool then sees
 * comes from the store, not from a re-registration. Skipped without an engine or the local images
 * (see {@link DockerEnvironment}).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class NamesrvContainerIT {
    private static final String CLUSTER = "ContainerCluster";
    private static final int MESSAGES = 20;
    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(30);

    @BeforeAll
    static void dockerAndImages() {
        DockerEnvironment.assumeReady(List.of(DockerEnvironment.BASE_IMAGE, DockerEnvironment.POSTGRES_IMAGE,
            DockerEnvironment.MARIADB_IMAGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "chronicle", "jdbc-postgresql", "jdbc-mariadb"})
    void brokerAndClientsThenRestartOnTheSameStore(String storeName) throws Exception {
        Network network = Network.newNetwork();
        ContainerStore store = null;
        NamesrvContainer first = null;
        NamesrvContainer second = null;
        BrokerProcess broker = null;
        RocketClients clients = null;
        try {
            store = ContainerStore.create(storeName, network);
            first = NamesrvContainer.start(network, store);
            broker = BrokerProcess.builder(first.address()).cluster(CLUSTER).brokerName("container-broker-" + storeName).start();
            clients = new RocketClients(first.address());
            String topic = RocketClients.unique("container_topic");
            String kvNamespace = RocketClients.unique("CONTAINER_NS");
            messagesFlow(clients, broker, topic);
            clients.admin().createAndUpdateKvConfig(kvNamespace, "k", "v-" + storeName);

            clients.close();
            // Frozen, the broker can neither unregister nor register with the next container.
            broker.suspend();
            first.close();
            second = NamesrvContainer.start(network, store);
            clients = new RocketClients(second.address());
            DefaultMQAdminExt admin = clients.admin();
            if (store.durable()) {
                assertTrue(broker.isListedIn(admin.examineBrokerClusterInfo()), "the broker kept across the restart");
                assertFourQueues(admin.examineTopicRouteInfo(topic), broker);
                assertEquals("v-" + storeName, admin.getKVConfig(kvNamespace, "k"));
                broker.resume();
                // the route read back from the store is good enough for the producer to send with
                assertEquals(SendStatus.SEND_OK, send(clients.producer(RocketClients.unique("container_pg2")), topic, 0).getSendStatus());
            } else {
                ClusterInfo info = admin.examineBrokerClusterInfo();
                assertTrue(info.getBrokerAddrTable().isEmpty(), "a memory store starts empty: " + info.getBrokerAddrTable());
                MQClientException gone = assertThrows(MQClientException.class, () -> admin.getKVConfig(kvNamespace, "k"));
                assertEquals(ResponseCode.QUERY_NOT_FOUND, gone.getResponseCode());
            }
        } finally {
            Teardown.closeAll(clients, Teardown.killing(broker), second, first, store, network::close);
        }
    }

    /** A topic on the broker gets its route; MESSAGES sent through it are all received. */
    private static void messagesFlow(RocketClients clients, BrokerProcess broker, String topic) throws Exception {
        DefaultMQAdminExt admin = clients.admin();
        admin.createAndUpdateTopicConfig(broker.address(), new TopicConfig(topic, 4, 4, PermName.PERM_READ | PermName.PERM_WRITE));
        assertFourQueues(Await.until("the route of " + topic, ROUTE_TIMEOUT, () -> admin.examineTopicRouteInfo(topic),
            route -> !route.getQueueDatas().isEmpty()), broker);

        DefaultMQProducer producer = clients.producer(RocketClients.unique("container_pg"));
        for (int i = 0; i < MESSAGES; i++) {
            SendResult result = send(producer, topic, i);
            assertEquals(SendStatus.SEND_OK, result.getSendStatus(), "send " + i + ": " + result);
        }
        Set<String> received = ConcurrentHashMap.newKeySet();
        clients.pushConsumer(RocketClients.unique("container_cg"), topic, (msgs, context) -> {
            for (MessageExt msg : msgs) {
                received.add(new String(msg.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        Await.condition("all " + MESSAGES + " messages consumed", Duration.ofSeconds(60), () -> received.size() >= MESSAGES);
        assertEquals(MESSAGES, received.size());
    }

    private static SendResult send(DefaultMQProducer producer, String topic, int i) throws Exception {
        return producer.send(new Message(topic, "tag", "key-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertFourQueues(TopicRouteData route, BrokerProcess broker) {
        QueueData queues = route.getQueueDatas().get(0);
        assertEquals(broker.brokerName(), queues.getBrokerName());
        assertEquals(4, queues.getWriteQueueNums());
        assertEquals(Map.of(0L, broker.address()), route.getBrokerDatas().get(0).getBrokerAddrs());
    }
}
