package io.namesrv.remoting.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.durability.StoreStatus;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.core.testkit.MutableClock;
import io.namesrv.core.testkit.Registrations;
import io.namesrv.remoting.body.Bodies;
import io.namesrv.remoting.body.Json;
import io.namesrv.remoting.handler.RequestMetrics.ResponseCount;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status API over a real name server on the memory store, called without a socket. */
class StatusApiTest {
    private static final long START = 1_767_225_600_000L;
    private static final String ACL_SECRET = "acl-secret-key-9f3b";
    private static final String JDBC_PASSWORD = "jdbc-password-c41d";
    private static final String KV_SECRET = "kv-value-secret-77aa";

    private final MutableClock clock = new MutableClock(START);
    private final AtomicReference<NameServer> loaded = new AtomicReference<>();
    private final AtomicReference<StoreStatus> store = new AtomicReference<>();
    private final List<ResponseCount> responses = new ArrayList<>();
    private NameServer nameServer;
    private RequestRates rates;
    private StatusApi api;

    @BeforeEach
    void start() {
        NamesrvConfig config = NamesrvConfig.of(Map.of(
            "jdbcUrl", "jdbc:postgresql://db/namesrv?user=namesrv&password=" + JDBC_PASSWORD,
            "jdbcPassword", JDBC_PASSWORD,
            "aclAccountsFile", "/etc/namesrv/" + ACL_SECRET + ".properties"));
        nameServer = new NameServer(config, RouteStores.byName("memory", getClass().getClassLoader()).open(config), clock);
        nameServer.load();
        loaded.set(nameServer);
        rates = new RequestRates(() -> List.copyOf(responses));
        api = new StatusApi(new StatusSources("jdbc", loaded::get, () -> List.copyOf(responses), clock), rates,
            () -> true, store::get);
    }

    @AfterEach
    void stop() {
        nameServer.close();
    }

    private HttpAnswer get(String uri) {
        return api.answer(new QueryStringDecoder(uri));
    }

    private JsonNode json(String uri, int expectedStatus) throws IOException {
        HttpAnswer answer = get(uri);
        assertEquals(expectedStatus, answer.status().code(), () -> uri + ": " + new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals("application/json; charset=utf-8", answer.contentType());
        return Json.MAPPER.readTree(answer.body());
    }

    private JsonNode ok(String uri) throws IOException {
        return json(uri, 200);
    }

    @Test
    void overviewCountsTheTablesAndListsTheClusters() throws Exception {
        nameServer.routes().registerBroker(Registrations.broker("broker-a", "127.0.0.1:10911").withoutOwnTopic()
            .topic("TopicA", 4).topic("TopicB", 8).build());
        nameServer.routes().registerBroker(Registrations.broker("broker-a", "127.0.0.1:10921").id(1).withoutOwnTopic()
            .topic("TopicA", 4).topic("TopicB", 8).build());
        nameServer.routes().registerBroker(Registrations.broker("broker-b", "127.0.0.1:10931").cluster("Other")
            .withoutOwnTopic().topic("TopicA", 2).topic("TopicB", 2).build());
        store.set(new StoreStatus(false, null, 0, 0, START - 1000));

        JsonNode overview = ok("/api/overview");
        assertEquals("2026-01-01T00:00:00Z", overview.get("time").asText());
        assertTrue(overview.get("ready").asBoolean());
        assertEquals("jdbc", overview.get("storeType").asText());
        assertEquals("{\"state\":\"in-step\",\"backlog\":0,\"lastWrite\":\"2025-12-31T23:59:59Z\"}", overview.get("store").toString());
        assertEquals("{\"clusters\":2,\"brokerGroups\":2,\"brokerAddresses\":3,\"topics\":2}", overview.get("tables").toString());
        assertEquals("[{\"name\":\"DefaultCluster\",\"brokerGroups\":1},{\"name\":\"Other\",\"brokerGroups\":1}]",
            overview.get("clusters").toString());
        assertEquals("{\"windowMillis\":0,\"byCode\":[]}", overview.get("requests").toString());
    }

    @Test
    void overviewBeforeTheStoreIsOpenSaysSoAndTheTablesWait() throws Exception {
        loaded.set(null);
        JsonNode overview = ok("/api/overview");
        assertFalse(overview.has("tables"));
        assertFalse(overview.has("store"));
        JsonNode brokers = json("/api/brokers", 503);
        assertEquals("the name server is starting: its store is not open yet", brokers.get("error").asText());
    }

    @Test
    void requestsOfTheLastMinuteByCodeWithErrors() throws Exception {
        responses.add(new ResponseCount("105", "GET_ROUTEINFO_BY_TOPIC", "SUCCESS", 100));
        rates.sample(clock.millis());
        clock.advance(Duration.ofSeconds(30));
        responses.set(0, new ResponseCount("105", "GET_ROUTEINFO_BY_TOPIC", "SUCCESS", 160));
        responses.add(new ResponseCount("105", "GET_ROUTEINFO_BY_TOPIC", "TOPIC_NOT_EXIST", 3));
        responses.add(new ResponseCount("904", "BROKER_HEARTBEAT", "NONE", 5));

        JsonNode requests = ok("/api/overview").get("requests");
        assertEquals(30_000, requests.get("windowMillis").asLong());
        assertEquals("[{\"code\":\"105\",\"name\":\"GET_ROUTEINFO_BY_TOPIC\",\"count\":63,\"errors\":3,"
                + "\"results\":{\"SUCCESS\":60,\"TOPIC_NOT_EXIST\":3}},"
                + "{\"code\":\"904\",\"name\":\"BROKER_HEARTBEAT\",\"count\":5,\"errors\":0,\"results\":{\"NONE\":5}}]",
            requests.get("byCode").toString());
    }

    @Test
    void brokersShowEveryAddressWithItsLiveEntry() throws Exception {
        nameServer.routes().registerBroker(Registrations.broker("broker-a", "127.0.0.1:10911").timeoutMillis(8000)
            .zone("z1").withoutOwnTopic().topic("TopicA", 4).topic("TopicB", 8).version(7).build());
        clock.advance(Duration.ofMillis(1500));
        nameServer.routes().registerBroker(Registrations.broker("broker-a", "127.0.0.1:10921").id(1).zone("z1")
            .haServerAddr("127.0.0.1:10922").withoutOwnTopic().topic("TopicA", 4).topic("TopicB", 8).build());
        clock.advance(Duration.ofMillis(500));

        JsonNode page = ok("/api/brokers");
        assertEquals(1, page.get("total").asInt());
        assertEquals(0, page.get("offset").asInt());
        assertEquals(100, page.get("limit").asInt());
        JsonNode group = page.get("brokerGroups").get(0);
        assertEquals("DefaultCluster", group.get("cluster").asText());
        assertEquals("broker-a", group.get("brokerName").asText());
        assertEquals("z1", group.get("zone").asText());
        assertEquals(2, group.get("topics").asInt());
        assertEquals("{\"brokerId\":0,\"role\":\"master\",\"address\":\"127.0.0.1:10911\",\"live\":true,"
                + "\"lastHeard\":\"2026-01-01T00:00:00Z\",\"ageMillis\":2000,\"heartbeatTimeoutMillis\":8000,"
                + "\"dataVersion\":{\"stateVersion\":0,\"timestamp\":1007,\"counter\":7},\"haServerAddr\":\"127.0.0.1:10912\"}",
            group.get("addresses").get(0).toString());
        JsonNode slave = group.get("addresses").get(1);
        assertEquals("slave", slave.get("role").asText());
        assertEquals(1, slave.get("brokerId").asInt());
        assertEquals(500, slave.get("ageMillis").asLong());
        assertEquals(120_000, slave.get("heartbeatTimeoutMillis").asLong(), "the server's default timeout");
    }

    @Test
    void brokersArePagedInNameOrderAndFilteredByClusterAndPrefix() throws Exception {
        for (int i = 0; i < 25; i++) {
            nameServer.routes().registerBroker(Registrations.broker(String.format("broker-%02d", i), "127.0.0.1:" + (20000 + i))
                .cluster(i % 2 == 0 ? "Even" : "Odd").build());
        }
        JsonNode page = ok("/api/brokers?offset=10&limit=5");
        assertEquals(25, page.get("total").asInt());
        assertEquals(List.of("broker-10", "broker-11", "broker-12", "broker-13", "broker-14"), names(page));
        JsonNode odd = ok("/api/brokers?cluster=Odd&limit=3");
        assertEquals(12, odd.get("total").asInt());
        assertEquals(List.of("broker-01", "broker-03", "broker-05"), names(odd));
        JsonNode prefixed = ok("/api/brokers?cluster=Even&prefix=broker-2");
        assertEquals(List.of("broker-20", "broker-22", "broker-24"), names(prefixed));
        JsonNode past = ok("/api/brokers?offset=30");
        assertEquals(25, past.get("total").asInt());
        assertEquals(0, past.get("brokerGroups").size());
        assertEquals("no cluster named 'Nope'", json("/api/brokers?cluster=Nope", 404).get("error").asText());
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("brokerGroups").forEach(group -> names.add(group.get("brokerName").asText()));
        return names;
    }

    @Test
    void topicsArePagedAndSearchedByPrefix() throws Exception {
        nameServer.routes().registerBroker(Registrations.broker("broker-a", "127.0.0.1:10911").withoutOwnTopic()
            .topics("orders_", 300, 4).topics("payments_", 50, 2).build());
        nameServer.routes().registerBroker(Registrations.broker("broker-b", "127.0.0.1:10921").withoutOwnTopic()
            .topic("orders_0", 8).topic("payments_0", 8).build());

        JsonNode first = ok("/api/topics");
        assertEquals(350, first.get("total").asInt());
        assertEquals(100, first.get("topics").size());
        JsonNode orders = ok("/api/topics?prefix=orders_&offset=0&limit=2");
        assertEquals(300, orders.get("total").asInt());
        assertEquals("[{\"topic\":\"orders_0\",\"queueDatas\":["
                + "{\"brokerName\":\"broker-a\",\"readQueueNums\":4,\"writeQueueNums\":4,\"perm\":6},"
                + "{\"brokerName\":\"broker-b\",\"readQueueNums\":8,\"writeQueueNums\":8,\"perm\":6}]},"
                + "{\"topic\":\"orders_1\",\"queueDatas\":[{\"brokerName\":\"broker-a\",\"readQueueNums\":4,"
                + "\"writeQueueNums\":4,\"perm\":6}]}]",
            orders.get("topics").toString());
        JsonNode last = ok("/api/topics?prefix=payments_&offset=49&limit=1000");
        assertEquals(1, last.get("topics").size());
        assertEquals("payments_9", last.get("topics").get(0).get("topic").asText(), "in name order");
        assertEquals(0, ok("/api/topics?prefix=nothing").get("total").asInt());
    }

    @Test
    void routeIsTheBodyAClientGets() throws Exception {
        nameServer.routes().registerBroker(Registrations.broker("broker-a", "127.0.0.1:10911").topic("TopicA", 4).build());
        HttpAnswer answer = get("/api/route?topic=TopicA");
        assertEquals(200, answer.status().code());
        assertArrayEquals(Bodies.topicRouteData(nameServer.route("TopicA"), true), answer.body());
        assertTrue(new String(answer.body(), StandardCharsets.UTF_8).contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"}"));
        assertEquals("no route for topic 'Nope'", json("/api/route?topic=Nope", 404).get("error").asText());
    }

    @Test
    void kvShowsNamespacesWithKeyCountsAndNoValue() throws Exception {
        nameServer.kvConfig().put("ORDER_TOPIC_CONFIG", "TopicA", "broker-a:4");
        nameServer.kvConfig().put("app", "k1", KV_SECRET);
        nameServer.kvConfig().put("app", "k2", KV_SECRET);
        JsonNode kv = ok("/api/kv");
        assertEquals("{\"total\":2,\"offset\":0,\"limit\":100,\"namespaces\":[{\"namespace\":\"ORDER_TOPIC_CONFIG\",\"keys\":1},"
            + "{\"namespace\":\"app\",\"keys\":2}]}", kv.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/topics?limit=0|parameter 'limit' must be between 1 and 1000, not 0",
        "/api/topics?limit=1001|parameter 'limit' must be between 1 and 1000, not 1001",
        "/api/topics?offset=-1|parameter 'offset' must be between 0 and 100000, not -1",
        "/api/topics?offset=100001|parameter 'offset' must be between 0 and 100000, not 100001",
        "/api/brokers?limit=ten|parameter 'limit' must be a whole number, not 'ten'",
        "/api/brokers?limit=99999999999|parameter 'limit' must be a whole number, not '99999999999'",
        "/api/topics?prefix=a&prefix=b|parameter 'prefix' given 2 times",
        "/api/topics?topic=x|unknown parameter 'topic': /api/topics takes limit, offset, prefix",
        "/api/overview?verbose=1|unknown parameter 'verbose': /api/overview takes none",
        "/api/route|parameter 'topic' is required",
        "/api/route?topic=%20|parameter 'topic' is required",
    })
    void badParametersAreRefusedWithTheReason(String uri, String message) throws Exception {
        assertEquals(message, json(uri, 400).get("error").asText());
    }

    @Test
    void aMalformedQueryStringIsABadRequest() throws Exception {
        assertTrue(json("/api/topics?prefix=%zz", 400).get("error").asText().startsWith("malformed query string"));
    }

    @Test
    void anUnknownApiPathNamesTheKnownOnes() throws Exception {
        assertEquals("no such API path /api/nope; try /api/brokers, /api/kv, /api/overview, /api/route, /api/topics",
            json("/api/nope", 404).get("error").asText());
    }

    @Test
    void noAnswerShowsASecret() throws Exception {
        nameServer.routes().registerBroker(Registrations.broker("broker-a", "127.0.0.1:10911").topic("TopicA", 4).build());
        nameServer.kvConfig().put("app", "password", KV_SECRET);
        store.set(new StoreStatus(true, "java.sql.SQLException: cannot reach jdbc:postgresql://db/namesrv?password="
            + JDBC_PASSWORD + " now", START, 3, START - 5000));
        for (String uri : List.of("/api/overview", "/api/brokers", "/api/topics", "/api/route?topic=TopicA", "/api/kv")) {
            String body = new String(get(uri).body(), StandardCharsets.UTF_8);
            for (String secret : List.of(ACL_SECRET, JDBC_PASSWORD, KV_SECRET, "jdbc:postgresql")) {
                assertFalse(body.contains(secret), uri + " shows " + secret + ": " + body);
            }
        }
        assertEquals("java.sql.SQLException: cannot reach jdbc:(hidden) now",
            ok("/api/overview").get("store").get("cause").asText());
    }
}
