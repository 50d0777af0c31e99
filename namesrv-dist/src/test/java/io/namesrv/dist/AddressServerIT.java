package io.namesrv.dist;

import io.namesrv.dist.support.AddressServerProducer;
import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ChildJvm;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.Teardown;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our packaged server as the address server of real RocketMQ 5.4.0 clients and brokers: a producer
 * started with nothing but {@code -Drocketmq.namesrv.domain} pointing at the first server's HTTP port,
 * and a broker with {@code fetchNamesrvAddrByAddressServer=true}, find the first server through the
 * list it hands out; one UPDATE_NAMESRV_CONFIG sent by the 5.4.0 admin then moves both to a second
 * server. The broker fetches the list every 2 s here ({@code fetchNamesrvAddrInterval}); the producer
 * fetches 10 s after its start and then every 2 minutes, fixed in Apache's client, so the test waits for
 * the client's own next fetch rather than forcing one.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AddressServerIT {
    /** The client's fetch period (MQClientInstance, not configurable) and some slack. */
    private static final Duration CLIENT_FETCH_WAIT = Duration.ofSeconds(150);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private DistNamesrvProcess first;
    private DistNamesrvProcess second;
    private BrokerProcess broker;
    private ChildJvm producer;
    private RocketClients firstClients;
    private RocketClients secondClients;

    @AfterEach
    void stopAll() throws Exception {
        Teardown.closeAll(producer, firstClients, secondClients, Teardown.killing(broker),
            first, second);
    }

    @Test
    void oneConfigUpdateMovesAProducerAndABrokerToAnotherNameServer() throws Exception {
        String domain = "127.0.0.1:" + FreePorts.port();
        first = DistNamesrvProcess.start(ItDirs.newDir("address-server-first"),
            Map.of("metricsPort", domain.substring(domain.indexOf(':') + 1)));
        second = DistNamesrvProcess.start(ItDirs.newDir("address-server-second"), Map.of());
        firstClients = new RocketClients(first.address());
        secondClients = new RocketClients(second.address());
        DefaultMQAdminExt admin = firstClients.admin();
        assertEquals(404, get("http://" + domain + "/rocketmq/nsaddr").statusCode(), "no list yet");

        MQClientException refused = assertThrows(MQClientException.class,
            () -> admin.updateNameServerConfig(properties("addressServerList", "127.0.0.1"), List.of(first.address())));
        assertEquals(ResponseCode.SYSTEM_ERROR, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains("addressServerList"), refused.getErrorMessage());
        admin.updateNameServerConfig(properties("addressServerList", first.address()), List.of(first.address()));
        assertEquals(first.address(), fetch("http://" + domain + "/rocketmq/nsaddr"));

        // no automatic topics: a send can only go where a name server's route says
        broker = BrokerProcess.builder(first.address()).cluster("AddressServerCluster").brokerName("address-server-broker")
            .namesrvFromAddressServer(domain)
            .config("autoCreateTopicEnable", "false")
            .config("fetchNamesrvAddrInterval", "2000")
            .config("registerNameServerPeriod", "10000")
            .start();
        String firstTopic = RocketClients.unique("address_server_first");
        String secondTopic = RocketClients.unique("address_server_second");
        createTopic(admin, firstTopic);

        producer = ChildJvm.builder("address-server-producer", AddressServerProducer.class.getName())
            .jvmArgs("-Xmx128m", "-XX:+UseSerialGC")
            .systemProperty("rocketmq.namesrv.domain", domain)
            .args(firstTopic, secondTopic)
            .start();
        producer.awaitLog("SENT " + firstTopic, WAIT);
        assertTrue(producer.log().contains("NAMESRV " + first.address() + "\n"), producer.logTail(20));

        // one command moves every client and broker that asks the first server's address server
        admin.updateNameServerConfig(properties("addressServerList", second.address()), List.of(first.address()));
        assertEquals(second.address(),
            admin.getNameServerConfig(List.of(first.address())).get(first.address()).getProperty("addressServerList"));
        assertEquals(second.address(), fetch("http://" + domain + "/rocketmq/nsaddr"));

        broker.awaitRegistered(secondClients.admin(), WAIT);
        // the broker now registers with the second server only: this topic is unknown to the first
        createTopic(secondClients.admin(), secondTopic);
        MQClientException unknown = assertThrows(MQClientException.class, () -> admin.examineTopicRouteInfo(secondTopic));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, unknown.getResponseCode());

        producer.awaitLog("NAMESRV " + second.address() + "\n", CLIENT_FETCH_WAIT);
        producer.awaitLog("SENT " + secondTopic, WAIT);
    }

    /** Creates {@code topic} on the broker and waits until the admin's name server routes it. */
    private void createTopic(DefaultMQAdminExt admin, String topic) throws Exception {
        admin.createAndUpdateTopicConfig(broker.address(), new TopicConfig(topic, 4, 4, PermName.PERM_READ | PermName.PERM_WRITE));
        Await.until("a route for " + topic, WAIT, () -> admin.examineTopicRouteInfo(topic),
            (TopicRouteData route) -> !route.getQueueDatas().isEmpty());
    }

    private static Properties properties(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** What Apache's clients read from the address server: the body of a 200 answer. */
    private static String fetch(String url) throws Exception {
        HttpResponse<String> response = get(url);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
