package io.namesrv.dist;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.HeadlessChromium;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.Teardown;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page in a real browser: our packaged server with its HTTP port on, two real 5.4.0
 * brokers (8 s heartbeat timeout, a heartbeat a second) and Debian's Chromium driven by Selenium. The
 * page must list both brokers as masters with their timeout, its topic lookup must show the route a
 * 5.4.0 admin client reads (decoded by RocketMQ's own code, compared field by field), and a broker
 * frozen with SIGSTOP (its connection stays open, so only expiry can remove it) must leave the page
 * and the route once the server expires it. A screenshot of the page is kept in the work dir.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StatusPageIT {
    private static final String CLUSTER = "StatusCluster";
    private static final long BROKER_TIMEOUT_MILLIS = 8_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    /** The broker timeout, the server's 1 s scan, and the page's 5 s refresh, with room for a busy machine. */
    private static final Duration EXPIRY_WAIT = Duration.ofSeconds(45);

    @Test
    void thePageListsTheBrokersShowsTheRouteAClientGetsAndDropsAnExpiredBroker() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path dir = ItDirs.newDir("status-page");
        int metricsPort = FreePorts.port();
        DistNamesrvProcess namesrv = DistNamesrvProcess.start(dir, Map.of(
            "metricsPort", Integer.toString(metricsPort), "scanNotActiveBrokerInterval", "1000"));
        RocketClients clients = new RocketClients(namesrv.address());
        BrokerProcess brokerA = null;
        BrokerProcess brokerB = null;
        HeadlessChromium browser = null;
        try {
            brokerA = broker(namesrv, "status-broker-a");
            brokerB = broker(namesrv, "status-broker-b");
            DefaultMQAdminExt admin = clients.admin();
            String topic = RocketClients.unique("status_topic");
            admin.createAndUpdateTopicConfig(brokerA.address(), new TopicConfig(topic, 4, 4, PermName.PERM_READ | PermName.PERM_WRITE));
            admin.createAndUpdateTopicConfig(brokerB.address(), new TopicConfig(topic, 2, 2, PermName.PERM_READ));
            awaitRoute(admin, topic, 2);
            admin.createAndUpdateKvConfig("status_ns", "k1", "v1");
            admin.createAndUpdateKvConfig("status_ns", "k2", "v2");

            browser = HeadlessChromium.start(dir);
            WebDriver page = browser.driver();
            page.get("http://127.0.0.1:" + metricsPort + "/");
            assertEquals("namesrv status", page.getTitle());
            Set<String> both = new TreeSet<>(Set.of(brokerA.address(), brokerB.address()));
            waitFor(page, "both brokers listed", PAGE_WAIT, p -> listedAddresses(p).equals(both));
            for (Object row : (List<?>) script(page, "return Array.from(document.querySelectorAll('#broker-rows tr[data-address]'))"
                + ".map(row => row.innerText)")) {
                String text = (String) row;
                assertTrue(text.contains("master") && text.contains(CLUSTER) && text.contains("8.0 s"), text);
            }

            page.findElement(By.id("route-topic")).sendKeys(topic);
            page.findElement(By.id("route-button")).click();
            waitFor(page, "the route of " + topic + " shown", PAGE_WAIT,
                p -> p.findElement(By.id("route-message")).getText().equals("2 broker group(s) serve " + topic));
            assertSameRoute(admin.examineTopicRouteInfo(topic), page);
            assertEquals(2, page.findElements(By.cssSelector("#route-queues tr")).size());

            waitFor(page, "the KV namespace and the requests of the last minute shown", PAGE_WAIT,
                p -> p.findElement(By.id("kv-rows")).getText().contains("status_ns 2")
                    && p.findElement(By.id("request-rows")).getText().contains("REGISTER_BROKER"));
            Path screenshot = browser.screenshot(dir.resolve("status-page.png"));
            log("screenshot of the page: " + screenshot + " (" + Files.size(screenshot) + " bytes)");

            String brokers = get(metricsPort, "/api/brokers?cluster=" + CLUSTER + "&limit=10");
            log("GET /api/brokers?cluster=" + CLUSTER + "&limit=10: " + brokers);
            assertTrue(brokers.startsWith("{\"total\":2,\"offset\":0,\"limit\":10,\"brokerGroups\":[{\"cluster\":\""
                + CLUSTER + "\",\"brokerName\":\"status-broker-a\""), brokers);
            log("GET /api/overview: " + get(metricsPort, "/api/overview"));

            long frozenAt = System.nanoTime();
            brokerB.suspend();
            Set<String> onlyA = Set.of(brokerA.address());
            waitFor(page, brokerB.address() + " gone from the page after expiry", EXPIRY_WAIT,
                p -> listedAddresses(p).equals(onlyA));
            log(brokerB + " left the page " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt)
                + " ms after SIGSTOP (timeout " + BROKER_TIMEOUT_MILLIS + " ms)");
            assertTrue(namesrv.jvm().log().contains("Broker " + CLUSTER + "/" + brokerB.address() + " silent for more than"),
                "the server expired it (its connection stayed open)");
            waitFor(page, "the route refreshed without " + brokerB.brokerName(), PAGE_WAIT,
                p -> p.findElement(By.id("route-message")).getText().equals("1 broker group(s) serve " + topic));
            assertSameRoute(admin.examineTopicRouteInfo(topic), page);
        } finally {
            Teardown.closeAll(browser, clients, Teardown.killing(brokerB), Teardown.killing(brokerA), namesrv);
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body().strip();
    }

    private static BrokerProcess broker(DistNamesrvProcess namesrv, String name) {
        return BrokerProcess.builder(namesrv.address()).cluster(CLUSTER).brokerName(name)
            .config("enableSlaveActingMaster", "true")
            .config("brokerNotActiveTimeoutMillis", Long.toString(BROKER_TIMEOUT_MILLIS))
            .config("brokerHeartbeatInterval", "1000")
            .config("compatibleWithOldNameSrv", "false")
            .start();
    }

    private static void awaitRoute(DefaultMQAdminExt admin, String topic, int brokerGroups) {
        Await.until("a route of " + topic + " on " + brokerGroups + " broker groups", Duration.ofSeconds(30), () -> {
            try {
                return admin.examineTopicRouteInfo(topic);
            } catch (MQClientException e) {
                return null;
            }
        }, route -> route != null && route.getQueueDatas().size() == brokerGroups);
    }

    /** Read in one script: the page replaces its rows at each refresh, so an element found may be gone a moment later. */
    private static Set<String> listedAddresses(WebDriver page) {
        return ((List<?>) script(page, "return Array.from(document.querySelectorAll('#broker-rows tr[data-address]'))"
            + ".map(row => row.dataset.address)")).stream().map(String.class::cast).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Object script(WebDriver page, String script) {
        return ((JavascriptExecutor) page).executeScript(script);
    }

    private interface PageCondition {
        boolean holds(WebDriver page);
    }

    private static void waitFor(WebDriver page, String what, Duration timeout, PageCondition condition) {
        new WebDriverWait(page, timeout, Duration.ofMillis(250)).withMessage(what)
            .ignoring(StaleElementReferenceException.class).until(condition::holds);
    }

    /** The page's route, decoded by RocketMQ 5.4.0's own code, equals what the 5.4.0 admin client read. */
    private static void assertSameRoute(TopicRouteData clientRoute, WebDriver page) {
        // the raw answer sits in a closed <details>: its text, not what is visible
        String shown = (String) script(page, "return document.getElementById('route-json').textContent");
        TopicRouteData pageRoute = RemotingSerializable.decode(shown.getBytes(StandardCharsets.UTF_8), TopicRouteData.class);
        assertEquals(describe(clientRoute), describe(pageRoute));
        assertEquals(sorted(clientRoute), sorted(pageRoute));
    }

    private static TopicRouteData sorted(TopicRouteData route) {
        route.getQueueDatas().sort(Comparator.comparing(QueueData::getBrokerName));
        route.getBrokerDatas().sort(Comparator.comparing(BrokerData::getBrokerName));
        return route;
    }

    /** Readable on failure: each group's queues, perm and addresses. */
    private static String describe(TopicRouteData route) {
        return route.getQueueDatas().stream().sorted(Comparator.comparing(QueueData::getBrokerName))
            .map(QueueData::toString).collect(Collectors.joining(",")) + " | " + route.getBrokerDatas().stream()
            .sorted(Comparator.comparing(BrokerData::getBrokerName)).map(BrokerData::toString).collect(Collectors.joining(","));
    }

    private static void log(String line) {
        System.out.println("[StatusPageIT] " + line);
    }
}
