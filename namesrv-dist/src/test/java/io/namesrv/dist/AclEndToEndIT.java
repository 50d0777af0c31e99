package io.namesrv.dist;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ConfigFiles;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.Teardown;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our server with {@code aclEnable}, driven by Apache RocketMQ 5.4.0: a DefaultMQAdminExt signing with
 * AclClientRPCHook changes state with the right keys and is refused NO_PERMISSION with wrong ones or
 * none; reads need no signature; a real broker signing with {@code innerClientAuthenticationCredentials}
 * registers, one with a wrong secret key does not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AclEndToEndIT {
    private static final String CLUSTER = "AclCluster";
    private static final String BROKER = "acl-broker-a";
    private static final String ADMIN_KEY = "admin";
    private static final String ADMIN_SECRET = "admin-secret-1234";
    private static final String BROKER_KEY = "broker";
    private static final String BROKER_SECRET = "broker-secret-5678";

    private static DistNamesrvProcess namesrv;
    private static BrokerProcess broker;
    private static BrokerProcess wrongKeyBroker;
    private static RocketClients clients;
    private static DefaultMQAdminExt signed;
    private static DefaultMQAdminExt unsigned;
    private static List<DefaultMQAdminExt> refusedAdmins;

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    static void start() {
        Path dir = ItDirs.newDir("acl-namesrv");
        Path accounts = ConfigFiles.writeAclAccounts(dir.resolve("acl-accounts.properties"),
            Map.of(ADMIN_KEY, ADMIN_SECRET, BROKER_KEY, BROKER_SECRET));
        namesrv = DistNamesrvProcess.start(dir, Map.of("aclEnable", "true", "aclAccountsFile", accounts.toString()));
        clients = new RocketClients(namesrv.address());
        signed = clients.newAdmin(hook(ADMIN_KEY, ADMIN_SECRET));
        unsigned = clients.newAdmin(null);
        refusedAdmins = List.of(clients.newAdmin(hook(ADMIN_KEY, "not-the-secret")),
            clients.newAdmin(hook("nobody", ADMIN_SECRET)), unsigned);
        // the broker's registrations and unregistrations signed: it is listed (awaited by start())
        broker = signingBroker(BROKER, BROKER_SECRET).start();
    }

    @AfterAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void stop() throws Exception {
        Teardown.closeAll(clients, Teardown.killing(broker), Teardown.killing(wrongKeyBroker), namesrv);
    }

    private static AclClientRPCHook hook(String accessKey, String secretKey) {
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    /**
     * A 5.x broker that signs its calls to the name server: {@code innerClientAuthenticationCredentials}
     * (JSON of SessionCredentials) makes its BrokerOuterAPI use AclClientRPCHook. The broker also stores
     * that account as a user of its own, so it needs a user store, though its own authentication stays off.
     */
    private static BrokerProcess.Builder signingBroker(String name, String secretKey) {
        return BrokerProcess.builder(namesrv.address()).cluster(CLUSTER).brokerName(name)
            .config("innerClientAuthenticationCredentials",
                "{\"accessKey\":\"" + BROKER_KEY + "\",\"secretKey\":\"" + secretKey + "\"}")
            .config("authenticationMetadataProvider",
                "org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider");
    }

    private static String createTopic(String prefix) throws Exception {
        String topic = RocketClients.unique(prefix);
        // sent to the broker, which registers the topic with the name server: signed by the broker
        unsigned.createAndUpdateTopicConfig(broker.address(), new TopicConfig(topic, 2, 2, PermName.PERM_READ | PermName.PERM_WRITE));
        Await.until("a route for " + topic, Duration.ofSeconds(30), () -> unsigned.examineTopicRouteInfo(topic),
            route -> route != null && !route.getQueueDatas().isEmpty());
        return topic;
    }

    /** Each admin of {@link #refusedAdmins} is answered NO_PERMISSION, with the reason in the remark. */
    private static void assertRefused(String what, AdminCall call) {
        for (DefaultMQAdminExt admin : refusedAdmins) {
            MQClientException refused = assertThrows(MQClientException.class, () -> call.on(admin), what);
            assertEquals(ResponseCode.NO_PERMISSION, refused.getResponseCode(), what + ": " + refused.getErrorMessage());
            assertTrue(refused.getErrorMessage().matches("(?s).*(No ACL signature|Unknown accessKey|Signature mismatch).*"),
                what + ": " + refused.getErrorMessage());
        }
    }

    private interface AdminCall {
        void on(DefaultMQAdminExt admin) throws Exception;
    }

    /** What the broker wrote to its log files (RocketMQ's broker logback config: under user.home, its work dir). */
    private static String brokerLog(BrokerProcess target) throws IOException {
        StringBuilder log = new StringBuilder();
        try (Stream<Path> files = Files.walk(target.workDir().resolve("logs"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().equals("broker.log"))::iterator) {
                log.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return log.toString();
    }

    private static int perm(String topic) throws Exception {
        return unsigned.examineTopicRouteInfo(topic).getQueueDatas().get(0).getPerm();
    }

    @Test
    void kvWritesNeedTheRightKeysAndReadsNone() throws Exception {
        assertRefused("put KV", admin -> admin.createAndUpdateKvConfig("acl-ns", "k", "refused"));
        MQClientException absent = assertThrows(MQClientException.class, () -> unsigned.getKVConfig("acl-ns", "k"));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, absent.getResponseCode());

        signed.createAndUpdateKvConfig("acl-ns", "k", "v");
        assertEquals("v", unsigned.getKVConfig("acl-ns", "k"));

        assertRefused("delete KV", admin -> admin.deleteKvConfig("acl-ns", "k"));
        assertEquals("v", unsigned.getKVConfig("acl-ns", "k"));
        signed.deleteKvConfig("acl-ns", "k");
        assertThrows(MQClientException.class, () -> unsigned.getKVConfig("acl-ns", "k"));
    }

    @Test
    void writePermissionChangesNeedTheRightKeys() throws Exception {
        String topic = createTopic("acl_perm");
        assertRefused("wipe write perm", admin -> admin.wipeWritePermOfBroker(namesrv.address(), BROKER));
        assertEquals(PermName.PERM_READ | PermName.PERM_WRITE, perm(topic));

        assertTrue(signed.wipeWritePermOfBroker(namesrv.address(), BROKER) >= 1);
        assertEquals(PermName.PERM_READ, perm(topic));
        assertRefused("add write perm", admin -> admin.addWritePermOfBroker(namesrv.address(), BROKER));
        assertEquals(PermName.PERM_READ, perm(topic));
        assertTrue(signed.addWritePermOfBroker(namesrv.address(), BROKER) >= 1);
        assertEquals(PermName.PERM_READ | PermName.PERM_WRITE, perm(topic));
    }

    @Test
    void deletingATopicNeedsTheRightKeys() throws Exception {
        String topic = createTopic("acl_delete");
        assertRefused("delete topic", admin -> admin.deleteTopicInNameServer(Set.of(namesrv.address()), CLUSTER, topic));
        TopicRouteData kept = unsigned.examineTopicRouteInfo(topic);
        assertFalse(kept.getQueueDatas().isEmpty());

        signed.deleteTopicInNameServer(Set.of(namesrv.address()), CLUSTER, topic);
        MQClientException gone = assertThrows(MQClientException.class, () -> unsigned.examineTopicRouteInfo(topic));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, gone.getResponseCode());
    }

    @Test
    void configUpdatesNeedTheRightKeysAndTheConfigIsReadOpenly() throws Exception {
        List<String> servers = List.of(namesrv.address());
        Properties change = new Properties();
        change.setProperty("kvConfigLogInterval", "300000");
        assertRefused("update namesrv config", admin -> admin.updateNameServerConfig(change, servers));
        assertEquals("600000", unsigned.getNameServerConfig(servers).get(namesrv.address()).getProperty("kvConfigLogInterval"));

        signed.updateNameServerConfig(change, servers);
        Properties after = unsigned.getNameServerConfig(servers).get(namesrv.address());
        assertEquals("300000", after.getProperty("kvConfigLogInterval"));
        assertEquals("true", after.getProperty("aclEnable"));
        assertFalse(after.toString().contains(ADMIN_SECRET) || after.toString().contains(BROKER_SECRET));

        Properties aclOff = new Properties();
        aclOff.setProperty("aclEnable", "false");
        MQClientException blackListed = assertThrows(MQClientException.class, () -> signed.updateNameServerConfig(aclOff, servers));
        assertEquals(ResponseCode.NO_PERMISSION, blackListed.getResponseCode());
    }

    @Test
    void routesAndClusterInfoAreReadWithoutASignature() throws Exception {
        String topic = createTopic("acl_read");
        assertEquals(BROKER, unsigned.examineTopicRouteInfo(topic).getBrokerDatas().get(0).getBrokerName());
        assertTrue(broker.isListedIn(unsigned.examineBrokerClusterInfo()));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aBrokerWithAWrongSecretKeyIsNotRegistered() throws Exception {
        wrongKeyBroker = signingBroker("acl-broker-wrong", "not-the-secret").awaitRegistration(false).start();
        // the broker registers before it prints "boot success", and logs why the name server refused it
        Await.condition("the refusal in the log of " + wrongKeyBroker, Duration.ofSeconds(30),
            () -> brokerLog(wrongKeyBroker).contains("Signature mismatch for accessKey 'broker' on request code 103 "
                + "(REGISTER_BROKER)"));
        Await.holdsFor(wrongKeyBroker + " left out of the cluster info", Duration.ofSeconds(3), Duration.ofMillis(500),
            () -> !wrongKeyBroker.isListedIn(unsigned.examineBrokerClusterInfo()));
        assertTrue(broker.isListedIn(unsigned.examineBrokerClusterInfo()), "the broker with the right keys stays");
        assertTrue(wrongKeyBroker.jvm().isAlive());
    }
}
