package io.namesrv.dist;

import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.GatedStoreProvider;
import io.namesrv.dist.support.MonitoringFiles;
import org.apache.rocketmq.auth.config.AuthConfig;
import org.apache.rocketmq.broker.out.BrokerOuterAPI;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.common.BrokerIdentity;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.namesrv.RegisterBrokerResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics and health endpoint of a whole server in this JVM, scraped over HTTP while Apache
 * RocketMQ 5.4.0's own broker-side client ({@link BrokerOuterAPI}, what a broker registers with)
 * registers and queries routes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CLUSTER = "MetricsCluster";
    private static final String BROKER = "metrics-broker";
    private static final String BROKER_ADDR = "127.0.0.1:40911";

    @BeforeAll
    static void speakAsABrokerOfThisVersion() {
        // what BrokerStartup sets: without it requests carry version 0 and are read as a pre-3.0.11 broker's
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        GatedStoreProvider.open();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private NamesrvServer server(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(NamesrvConfig.LISTEN_PORT.name(), "0",
            NamesrvConfig.BIND_ADDRESS.name(), "127.0.0.1"));
        all.putAll(settings);
        NamesrvServer server = new NamesrvServer(NamesrvConfig.of(all), Clock.systemUTC());
        toClose.add(server);
        return server;
    }

    private NamesrvServer startedWithMetrics(Map<String, String> settings) throws InterruptedException {
        Map<String, String> all = new HashMap<>(settings);
        all.put(NamesrvConfig.METRICS_PORT.name(), Integer.toString(FreePorts.port()));
        NamesrvServer server = server(all);
        server.start();
        return server;
    }

    private BrokerOuterAPI brokerClient(NamesrvServer server) {
        BrokerOuterAPI client = new BrokerOuterAPI(new NettyClientConfig(), new AuthConfig());
        client.start();
        client.updateNameServerAddressList("127.0.0.1:" + server.address().getPort());
        toClose.add(client::shutdown);
        // a broker registers only with the name servers its client's periodic scan found reachable
        Await.condition("the broker client to see the name server", WAIT,
            () -> !client.getRemotingClient().getAvailableNameSrvList().isEmpty());
        return client;
    }

    private static void register(BrokerOuterAPI client, Long heartbeatTimeoutMillis, String... topics) {
        TopicConfigSerializeWrapper wrapper = new TopicConfigSerializeWrapper();
        wrapper.setDataVersion(new DataVersion());
        for (String topic : topics) {
            wrapper.getTopicConfigTable().put(topic, new TopicConfig(topic, 4, 4, 6));
        }
        List<RegisterBrokerResult> results = client.registerBrokerAll(CLUSTER, BROKER_ADDR, BROKER, 0, "127.0.0.1:40912",
            wrapper, List.of(), false, 10_000, false, false, heartbeatTimeoutMillis, new BrokerIdentity());
        assertEquals(1, results.size(), "one name server answered the registration");
    }

    private HttpResponse<String> http(NamesrvServer server, String method, String path) throws IOException, InterruptedException {
        return http(server.metricsAddress(), method, path);
    }

    private HttpResponse<String> http(InetSocketAddress address, String method, String path)
        throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address.getHostString() + ":" + address.getPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String scrape(NamesrvServer server) throws IOException, InterruptedException {
        HttpResponse<String> response = http(server, "GET", "/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The value of one series (name and labels exactly as written) in a scrape. */
    private static double value(String scrape, String series) {
        return scrape.lines()
            .filter(line -> line.startsWith(series + " "))
            .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + scrape));
    }

    @Test
    void countsByCodeAndTheRouteGaugesFollowRealRequests() throws Exception {
        NamesrvServer server = startedWithMetrics(Map.of());
        assertTrue(server.metricsAddress().getAddress().isLoopbackAddress(), "loopback unless configured otherwise");
        String before = scrape(server);
        assertEquals(0, value(before, "namesrv_topics"));
        assertEquals(0, value(before, "namesrv_broker_registrations_total"));

        BrokerOuterAPI broker = brokerClient(server);
        register(broker, null, "metrics-a", "metrics-b");
        for (int i = 0; i < 3; i++) {
            assertEquals(1, broker.getTopicRouteInfoFromNameServer("metrics-a", 10_000).getBrokerDatas().size());
        }
        MQBrokerException unknown = assertThrows(MQBrokerException.class,
            () -> broker.getTopicRouteInfoFromNameServer("metrics-nope", 10_000));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, unknown.getResponseCode());

        String after = scrape(server);
        assertEquals(1, value(after, "namesrv_clusters"));
        assertEquals(1, value(after, "namesrv_broker_groups"));
        assertEquals(1, value(after, "namesrv_broker_addresses"));
        assertEquals(2, value(after, "namesrv_topics"));
        assertEquals(1, value(after, "namesrv_connections"), "the broker client's connection");
        assertEquals(0, value(after, "namesrv_pending_outbound_bytes"), "every answer was read");
        assertEquals(1, value(after, "namesrv_broker_registrations_total"));
        assertEquals(0, value(after, "namesrv_broker_expiries_total"));
        assertEquals(1, value(after, "namesrv_responses_total{code=\"103\",name=\"REGISTER_BROKER\",result=\"SUCCESS\"}"));
        assertEquals(4, value(after, "namesrv_request_duration_seconds_count{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\"}"));
        assertEquals(4, value(after,
            "namesrv_request_duration_seconds_bucket{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\",le=\"+Inf\"}"));
        assertEquals(3, value(after, "namesrv_responses_total{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\",result=\"SUCCESS\"}"));
        assertEquals(1, value(after,
            "namesrv_responses_total{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\",result=\"TOPIC_NOT_EXIST\"}"));
        assertTrue(value(after, "namesrv_request_duration_seconds_sum{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\"}") > 0);
        assertEquals(1, value(after, "namesrv_store_operation_duration_seconds_count{operation=\"loadRoutes\"}"));
        assertEquals(1, value(after, "namesrv_store_operation_duration_seconds_count{operation=\"apply\"}"),
            "the registration was one store change");
        assertEquals(0, value(after, "namesrv_store_operation_errors_total{operation=\"apply\"}"));
        assertTrue(value(after, "jvm_memory_bytes_used{area=\"heap\"}") > 0);

        // HTTP a client gets wrong is refused and hurts neither endpoint
        assertEquals(404, http(server, "GET", "/nope").statusCode());
        assertEquals(405, http(server, "POST", "/metrics").statusCode());
        assertEquals(405, http(server, "DELETE", "/health/ready").statusCode());
        assertEquals(1, broker.getTopicRouteInfoFromNameServer("metrics-b", 10_000).getQueueDatas().size());
        assertEquals(5, value(scrape(server),
            "namesrv_request_duration_seconds_count{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\"}"));
    }

    /** The Grafana dashboard and the alert rules of monitoring/ select only series a live server exposes. */
    @Test
    void everyMetricTheShippedDashboardAndAlertRulesUseIsInALiveScrape() throws Exception {
        NamesrvServer server = startedWithMetrics(Map.of());
        BrokerOuterAPI broker = brokerClient(server);
        register(broker, null, "monitoring-a", "monitoring-b");
        assertEquals(1, broker.getTopicRouteInfoFromNameServer("monitoring-a", 10_000).getBrokerDatas().size());
        Set<String> scraped = scrape(server).lines().filter(line -> !line.startsWith("#") && !line.isBlank())
            .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());

        Map<String, String> expressions = MonitoringFiles.expressions();
        Set<String> used = new TreeSet<>();
        expressions.forEach((where, promql) -> {
            Set<String> names = MonitoringFiles.metricNames(promql);
            assertFalse(names.isEmpty(), where + " selects no metric: " + promql);
            for (String name : names) {
                assertTrue(scraped.contains(name), where + " uses " + name + ", which /metrics does not expose: " + promql);
            }
            used.addAll(names);
        });
        assertTrue(used.containsAll(Set.of("namesrv_request_duration_seconds_bucket", "namesrv_responses_total",
            "namesrv_broker_registrations_total", "namesrv_broker_expiries_total", "namesrv_broker_addresses", "namesrv_topics",
            "namesrv_store_operation_duration_seconds_bucket", "namesrv_store_behind", "namesrv_store_backlog",
            "namesrv_store_last_write_timestamp_seconds", "namesrv_store_fell_behind_total", "namesrv_connections",
            "namesrv_pending_outbound_bytes", "jvm_memory_bytes_used", "jvm_memory_bytes_max")),
            "what the dashboard and alerts are for: " + used);
    }

    @Test
    void aBrokerThatFallsSilentIsCountedAsAnExpiryAndLeavesTheGauges() throws Exception {
        NamesrvServer server = startedWithMetrics(Map.of(NamesrvConfig.SCAN_NOT_ACTIVE_BROKER_INTERVAL.name(), "200"));
        // two topics: a first registration of a single topic is refused, as Apache's name server does
        register(brokerClient(server), 3_000L, "metrics-short-a", "metrics-short-b");
        String registered = scrape(server);
        assertEquals(1, value(registered, "namesrv_broker_addresses"));
        assertEquals(2, value(registered, "namesrv_topics"));

        String expired = Await.until("the broker's expiry", WAIT, () -> scrape(server),
            text -> value(text, "namesrv_broker_expiries_total") == 1);
        assertEquals(0, value(expired, "namesrv_broker_addresses"));
        assertEquals(0, value(expired, "namesrv_broker_groups"));
        assertEquals(0, value(expired, "namesrv_topics"));
    }

    @Test
    void notReadyWhileTheStoreOpensThenReady() throws Exception {
        GatedStoreProvider.close();
        NamesrvServer server = server(Map.of(NamesrvConfig.STORE_TYPE.name(), GatedStoreProvider.NAME,
            NamesrvConfig.METRICS_PORT.name(), Integer.toString(FreePorts.port())));
        ExecutorService starter = Executors.newSingleThreadExecutor();
        toClose.add(starter::shutdownNow);
        Future<InetSocketAddress> started = starter.submit(server::start);

        Await.condition("the metrics endpoint to listen", WAIT, () -> server.metricsAddress() != null);
        HttpResponse<String> notReady = http(server, "GET", "/health/ready");
        assertEquals(503, notReady.statusCode());
        assertEquals("{\"live\":true,\"ready\":false}\n", notReady.body());
        assertEquals(200, http(server, "GET", "/health").statusCode(), "alive while the store opens");
        String early = scrape(server);
        assertTrue(early.contains("jvm_threads_current "), early);
        assertFalse(early.contains("namesrv_topics"), "no route gauges before the routes are loaded");
        assertFalse(started.isDone(), "the store is still opening");

        GatedStoreProvider.open();
        started.get(30, TimeUnit.SECONDS);
        HttpResponse<String> ready = http(server, "GET", "/health/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"live\":true,\"ready\":true,\"store\":{\"state\":\"in-step\",\"backlog\":0}}\n", ready.body(),
            "no store write yet: no lastWrite");
        assertEquals(0, value(scrape(server), "namesrv_store_behind"));

        InetSocketAddress metricsAddress = server.metricsAddress();
        server.close();
        assertNull(server.metricsAddress());
        assertThrows(ConnectException.class, () -> http(metricsAddress, "GET", "/health"),
            "nothing listens on the metrics port after shutdown");
    }

    @Test
    void notReadyWhileRouteQueriesAreHeldBackAfterStart() throws Exception {
        NamesrvServer server = startedWithMetrics(Map.of(NamesrvConfig.NEED_WAIT_FOR_SERVICE.name(), "true",
            NamesrvConfig.WAIT_SECONDS_FOR_SERVICE.name(), "3"));
        assertEquals(503, http(server, "GET", "/health/ready").statusCode(), "route queries are refused for 3 s");
        assertEquals(200, http(server, "GET", "/health").statusCode());
        Await.until("readiness once waitSecondsForService passed", WAIT,
            () -> http(server, "GET", "/health/ready").statusCode(), status -> status == 200);
    }

    @Test
    void offByDefault() throws Exception {
        assertEquals(0, NamesrvConfig.defaults().get(NamesrvConfig.METRICS_PORT));
        assertEquals("127.0.0.1", NamesrvConfig.defaults().get(NamesrvConfig.METRICS_BIND_ADDRESS));
        NamesrvServer server = server(Map.of());
        server.start();
        assertNull(server.metricsAddress());
        assertTrue(server.ready());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("namesrv-metrics-http")),
            "no HTTP endpoint thread, hence no port bound");
    }
}
