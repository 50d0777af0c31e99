package io.namesrv.remoting.http;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.durability.StoreStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint on a real socket, with the JDK's HTTP client and with raw bytes. */
@Timeout(30)
class MetricsHttpServerTest {
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicInteger scrapes = new AtomicInteger();
    private final AtomicBoolean scrapeFails = new AtomicBoolean();
    private final AtomicReference<StoreStatus> store = new AtomicReference<>();
    private final NamesrvConfig config = NamesrvConfig.defaults();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MetricsHttpServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws InterruptedException {
        server = new MetricsHttpServer(() -> {
            if (scrapeFails.get()) {
                throw new IllegalStateException("a source failed");
            }
            return "# TYPE scrapes counter\nscrapes " + scrapes.incrementAndGet() + "\n";
        }, ready::get, store::get, new StatusSources("memory", () -> null, List::of, Clock.systemUTC()), config);
        address = server.start(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreThePrometheusTextOfEachScrape() throws Exception {
        HttpResponse<String> first = send("GET", "/metrics");
        assertEquals(200, first.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", first.headers().firstValue("content-type").orElseThrow());
        assertEquals("# TYPE scrapes counter\nscrapes 1\n", first.body());
        assertEquals("# TYPE scrapes counter\nscrapes 2\n", send("GET", "/metrics?name[]=x").body(), "a query string is ignored");
    }

    @Test
    void healthIsAlwaysLiveAndReadinessFollowsTheServer() throws Exception {
        assertEquals(200, send("GET", "/health").statusCode());
        assertEquals("{\"live\":true,\"ready\":false}\n", send("GET", "/health").body());
        HttpResponse<String> notReady = send("GET", "/health/ready");
        assertEquals(503, notReady.statusCode());
        assertEquals("{\"live\":true,\"ready\":false}\n", notReady.body());

        ready.set(true);
        HttpResponse<String> isReady = send("GET", "/health/ready");
        assertEquals(200, isReady.statusCode());
        assertEquals("{\"live\":true,\"ready\":true}\n", isReady.body());
        assertEquals("application/json; charset=utf-8", isReady.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void healthShowsTheStoreStateAndAStoreBehindKeepsTheServerReady() throws Exception {
        ready.set(true);
        store.set(new StoreStatus(false, null, 0, 0, 1_767_225_600_000L));
        assertEquals("{\"live\":true,\"ready\":true,\"store\":{\"state\":\"in-step\",\"backlog\":0,"
            + "\"lastWrite\":\"2026-01-01T00:00:00Z\"}}\n", send("GET", "/health").body());

        store.set(new StoreStatus(true, "java.sql.SQLException: \"gone\"", 1_767_225_660_000L, 42, 1_767_225_600_000L));
        HttpResponse<String> behind = send("GET", "/health/ready");
        assertEquals(200, behind.statusCode(), "routes are served from memory: still ready");
        assertEquals("{\"live\":true,\"ready\":true,\"store\":{\"state\":\"behind\","
            + "\"cause\":\"java.sql.SQLException: \\\"gone\\\"\",\"behindSince\":\"2026-01-01T00:01:00Z\","
            + "\"backlog\":42,\"lastWrite\":\"2026-01-01T00:00:00Z\"}}\n", behind.body());
    }

    @Test
    void unknownPathsAndOtherMethodsAreRefused() throws Exception {
        assertEquals(404, send("GET", "/metrics/x").statusCode());
        assertEquals(404, send("DELETE", "/nope").statusCode());
        HttpResponse<String> post = send("POST", "/metrics");
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("allow").orElseThrow());
        assertEquals(405, send("PUT", "/health/ready").statusCode());
        assertEquals(0, scrapes.get(), "no refused request scraped");
        assertEquals(200, send("GET", "/metrics").statusCode());
    }

    @Test
    void theStatusPageAndItsFilesAreServedFromTheJar() throws Exception {
        HttpResponse<String> page = send("GET", "/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertEquals("default-src 'self'", page.headers().firstValue("content-security-policy").orElseThrow());
        assertTrue(page.body().contains("<script src=\"/status.js\" defer></script>"), page.body());
        assertTrue(page.body().contains("<link rel=\"stylesheet\" href=\"/status.css\">"), page.body());
        HttpResponse<String> script = send("GET", "/status.js");
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("content-type").orElseThrow());
        assertTrue(script.body().contains("fetch(path"), "the script reads the API");
        assertEquals("text/css; charset=utf-8", send("GET", "/status.css").headers().firstValue("content-type").orElseThrow());
        assertEquals(404, send("GET", "/status.js/x").statusCode());
        assertEquals(404, send("GET", "/index.html").statusCode());
    }

    @Test
    void theApiAnswersJsonAndRefusesWhatItDoesNotServe() throws Exception {
        ready.set(true);
        HttpResponse<String> overview = send("GET", "/api/overview");
        assertEquals(200, overview.statusCode());
        assertEquals("application/json; charset=utf-8", overview.headers().firstValue("content-type").orElseThrow());
        assertTrue(overview.body().startsWith("{\"time\":"), overview.body());
        assertTrue(overview.body().contains("\"ready\":true,\"storeType\":\"memory\""), overview.body());
        assertEquals(503, send("GET", "/api/topics").statusCode(), "no name server yet");
        assertEquals(400, send("GET", "/api/overview?x=1").statusCode());
        assertEquals(404, send("GET", "/api/nope").statusCode());
        HttpResponse<String> post = send("POST", "/api/overview");
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void garbageIsAnsweredBadRequestAndClosedAndTheNextClientIsServed() throws Exception {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {0x00, 0x01, (byte) 0xff, 0x7f, '\r', '\n', '\r', '\n'});
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        }
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            // a request line past the codec's 4096-byte limit
            socket.getOutputStream().write(("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 400 ") || answer.startsWith("HTTP/1.1 414 "), answer);
        }
        assertEquals(200, send("GET", "/health").statusCode());
    }

    @Test
    void oneConnectionServesScrapeAfterScrape() throws Exception {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            for (int i = 1; i <= 3; i++) {
                socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String expectedBody = "# TYPE scrapes counter\nscrapes " + i + "\n";
                String head = readHead(socket.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);
                assertTrue(head.toLowerCase().contains("content-length: " + expectedBody.length()), head);
                assertEquals(expectedBody, new String(socket.getInputStream().readNBytes(expectedBody.length()),
                    StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aFailingScrapeIsAnInternalErrorAndTheServerGoesOn() throws Exception {
        scrapeFails.set(true);
        assertEquals(500, send("GET", "/metrics").statusCode());
        scrapeFails.set(false);
        assertEquals(200, send("GET", "/metrics").statusCode());
    }

    @Test
    void closedMeansThePortIsFree() throws Exception {
        server.close();
        try (Socket probe = new Socket()) {
            probe.bind(address);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void theAddressServerAnswersTheListOfTheConfigAsItIsNow() throws Exception {
        HttpResponse<String> empty = send("GET", "/rocketmq/nsaddr");
        assertEquals(404, empty.statusCode());
        assertEquals("no name server list: addressServerList is empty\n", empty.body());

        config.update(Map.of(NamesrvConfig.ADDRESS_SERVER_LIST.name(), " 10.0.0.1:9876; ;ns-2.example:9876;"));
        HttpResponse<String> list = send("GET", "/rocketmq/nsaddr");
        assertEquals(200, list.statusCode());
        assertEquals("text/plain; charset=utf-8", list.headers().firstValue("content-type").orElseThrow());
        assertEquals("10.0.0.1:9876;ns-2.example:9876", list.body());

        config.update(Map.of(NamesrvConfig.ADDRESS_SERVER_LIST.name(), "10.0.0.3:9876"));
        assertEquals("10.0.0.3:9876", send("GET", "/rocketmq/nsaddr").body(), "a run-time change is served at once");
    }

    @Test
    void theAddressServerServesOnlyItsSubgroupAndOnlyGet() throws Exception {
        config.update(Map.of(NamesrvConfig.ADDRESS_SERVER_LIST.name(), "10.0.0.1:9876"));
        HttpResponse<String> unit = send("GET", "/rocketmq/nsaddr-unit1?nofix=1");
        assertEquals(404, unit.statusCode());
        assertEquals("not found; the name server list is at /rocketmq/nsaddr\n", unit.body());
        assertEquals(404, send("GET", "/rocketmq/").statusCode());
        HttpResponse<String> post = send("POST", "/rocketmq/nsaddr");
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("allow").orElseThrow());

        config.update(Map.of(NamesrvConfig.ADDRESS_SERVER_SUBGROUP.name(), "prod"));
        assertEquals(404, send("GET", "/rocketmq/nsaddr").statusCode());
        assertEquals("10.0.0.1:9876", send("GET", "/rocketmq/prod").body());
    }

    @Test
    void aBadListChangesNothing() throws Exception {
        config.update(Map.of(NamesrvConfig.ADDRESS_SERVER_LIST.name(), "10.0.0.1:9876"));
        for (String bad : new String[] {"10.0.0.2", "10.0.0.2:x", "10.0.0.2:0", "10.0.0.2:65536", ":9876", "a b:9876"}) {
            ConfigException e = assertThrows(ConfigException.class,
                () -> config.update(Map.of(NamesrvConfig.ADDRESS_SERVER_LIST.name(), "10.0.0.1:9876;" + bad)), bad);
            assertTrue(e.getMessage().contains("addressServerList"), e.getMessage());
        }
        assertThrows(ConfigException.class, () -> config.update(Map.of(NamesrvConfig.ADDRESS_SERVER_SUBGROUP.name(), "a/b")));
        assertEquals("10.0.0.1:9876", send("GET", "/rocketmq/nsaddr").body());
    }
}
