package io.namesrv.remoting;

import ch.qos.logback.classic.Level;
import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.remoting.acl.AccessControl;
import io.namesrv.remoting.handler.ProtocolCodeNames;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.namesrv.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.header.namesrv.BrokerHeartbeatRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.DeleteKVConfigRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetKVConfigRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.PutKVConfigRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access control through the server's pipeline: requests signed by Apache RocketMQ 5.4.0's own
 * AclClientRPCHook and framed by Apache's own encoder (both header forms), decoded and checked by ours.
 */
class AclRequestsTest {
    private static final String ADMIN_KEY = "rocketmq2";
    private static final String ADMIN_SECRET = "12345678-é";
    private static final String BROKER_KEY = "broker-a";
    private static final String BROKER_SECRET = "broker-secret";
    /** What the server protects with aclEnable and reads left open: every request that changes state. */
    private static final Set<Integer> STATE_CHANGING = Set.of(RequestCode.PUT_KV_CONFIG, RequestCode.DELETE_KV_CONFIG,
        RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER, RequestCode.BROKER_HEARTBEAT,
        RequestCode.QUERY_DATA_VERSION, RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER,
        RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.REGISTER_TOPIC_IN_NAMESRV, RequestCode.UPDATE_NAMESRV_CONFIG);

    @TempDir
    Path dir;
    private PipelineHarness harness;
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (harness != null) {
            harness.close();
        }
    }

    private Path accountsFile() throws IOException {
        return Files.writeString(dir.resolve("acl-accounts.properties"),
            ADMIN_KEY + "=" + ADMIN_SECRET + "\n" + BROKER_KEY + "=" + BROKER_SECRET + "\n", StandardCharsets.UTF_8);
    }

    private void serve(Map<String, String> settings) {
        harness = new PipelineHarness(settings);
        channel = harness.channel();
    }

    private void serveWithAcl(String... extraSettings) throws IOException {
        Map<String, String> settings = new HashMap<>(Map.of("aclEnable", "true", "aclAccountsFile", accountsFile().toString()));
        for (int i = 0; i < extraSettings.length; i += 2) {
            settings.put(extraSettings[i], extraSettings[i + 1]);
        }
        serve(settings);
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand apacheRequest(int code, CommandCustomHeader header,
                                                                                        SerializeType type) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand request =
            org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(code, header);
        request.setSerializeTypeCurrentRPC(org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name()));
        // what Apache's client sets from its own version: the registration body's format depends on it
        request.setVersion(MQVersion.CURRENT_VERSION);
        return request;
    }

    private static void sign(org.apache.rocketmq.remoting.protocol.RemotingCommand request, String accessKey,
                             String secretKey) {
        new AclClientRPCHook(new SessionCredentials(accessKey, secretKey)).doBeforeRequest("127.0.0.1:9876", request);
    }

    /** Frames the request as Apache's NettyEncoder does, sends it, and returns the server's answer (null if none). */
    private RemotingCommand send(org.apache.rocketmq.remoting.protocol.RemotingCommand request) {
        ByteBuf frame = Unpooled.buffer();
        request.fastEncodeHeader(frame);
        if (request.getBody() != null) {
            frame.writeBytes(request.getBody());
        }
        channel.writeInbound(frame);
        return PipelineHarness.readResponse(channel);
    }

    private static PutKVConfigRequestHeader putKv(String key, String value) {
        PutKVConfigRequestHeader header = new PutKVConfigRequestHeader();
        header.setNamespace("acl-ns");
        header.setKey(key);
        header.setValue(value);
        return header;
    }

    private static GetKVConfigRequestHeader getKv(String key) {
        GetKVConfigRequestHeader header = new GetKVConfigRequestHeader();
        header.setNamespace("acl-ns");
        header.setKey(key);
        return header;
    }

    private RemotingCommand putSignedBy(String accessKey, String secretKey, String key, SerializeType type) {
        var request = apacheRequest(RequestCode.PUT_KV_CONFIG, putKv(key, "v-" + key), type);
        sign(request, accessKey, secretKey);
        return send(request);
    }

    private String storedValue(String key) {
        return harness.nameServer.kvConfig().get("acl-ns", key);
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand registration(SerializeType type) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        DataVersion version = new DataVersion();
        version.setCounter(new AtomicLong(1));
        wrapper.setDataVersion(version);
        // two topics: a broker's first registration with a single one is refused, as by Apache
        wrapper.getTopicConfigTable().put("acl-orders", new TopicConfig("acl-orders", 4, 4, 6));
        wrapper.getTopicConfigTable().put("broker-a", new TopicConfig("broker-a", 1, 1, 7));
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        byte[] bytes = body.encode(true);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader();
        header.setBrokerName("broker-a");
        header.setBrokerAddr("127.0.0.1:10911");
        header.setClusterName("DefaultCluster");
        header.setHaServerAddr("127.0.0.1:10912");
        header.setBrokerId(0L);
        header.setCompressed(true);
        header.setBodyCrc32((int) (crc.getValue() & 0x7FFFFFFF));
        var request = apacheRequest(RequestCode.REGISTER_BROKER, header, type);
        request.setBody(bytes);
        return request;
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aWriteSignedWithTheRightKeyIsServed(SerializeType type) throws IOException {
        serveWithAcl();
        assertEquals(ResponseCode.SUCCESS, putSignedBy(ADMIN_KEY, ADMIN_SECRET, "right", type).code());
        assertEquals("v-right", storedValue("right"));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aSignedRegistrationIsServedItsBodyCoveredBySignature(SerializeType type) throws IOException {
        serveWithAcl();
        var signed = registration(type);
        sign(signed, BROKER_KEY, BROKER_SECRET);
        RemotingCommand registered = send(signed);
        assertEquals(ResponseCode.SUCCESS, registered.code(), registered.remark());
        assertEquals("broker-a", harness.nameServer.route("acl-orders").queueDatas().get(0).brokerName());

        var tampered = registration(type);
        sign(tampered, BROKER_KEY, BROKER_SECRET);
        tampered.getBody()[tampered.getBody().length - 1] ^= 1;
        RemotingCommand refused = send(tampered);
        assertEquals(ResponseCode.NO_PERMISSION, refused.code());
        assertTrue(refused.remark().startsWith("Signature mismatch for accessKey 'broker-a' on request code 103 "
            + "(REGISTER_BROKER)"), refused.remark());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aWrongSecretIsRefusedWithoutRevealingTheExpectedSignature(SerializeType type) throws IOException {
        serveWithAcl();
        RemotingCommand refused = putSignedBy(ADMIN_KEY, "not-the-secret", "wrong", type);
        assertEquals(ResponseCode.NO_PERMISSION, refused.code());
        assertTrue(refused.remark().startsWith("Signature mismatch for accessKey 'rocketmq2'"), refused.remark());
        assertNull(storedValue("wrong"));

        var rightlySigned = apacheRequest(RequestCode.PUT_KV_CONFIG, putKv("wrong", "v-wrong"), type);
        sign(rightlySigned, ADMIN_KEY, ADMIN_SECRET);
        assertFalse(refused.remark().contains(rightlySigned.getExtFields().get(SessionCredentials.SIGNATURE)));
        assertFalse(refused.remark().contains(ADMIN_SECRET));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void anUnknownAccessKeyIsRefused(SerializeType type) throws IOException {
        serveWithAcl();
        RemotingCommand refused = putSignedBy("nobody", ADMIN_SECRET, "unknown", type);
        assertEquals(ResponseCode.NO_PERMISSION, refused.code());
        assertEquals("Unknown accessKey 'nobody' for request code 100 (PUT_KV_CONFIG)", refused.remark());
        assertNull(storedValue("unknown"));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void anUnsignedWriteIsRefused(SerializeType type) throws IOException {
        serveWithAcl();
        RemotingCommand refused = send(apacheRequest(RequestCode.PUT_KV_CONFIG, putKv("unsigned", "v"), type));
        assertEquals(ResponseCode.NO_PERMISSION, refused.code());
        assertEquals("No ACL signature: request code 100 (PUT_KV_CONFIG) needs the AccessKey and Signature fields "
            + "of an ACL client (AclClientRPCHook)", refused.remark());
        assertNull(storedValue("unsigned"));

        var keyWithoutSignature = apacheRequest(RequestCode.PUT_KV_CONFIG, putKv("unsigned", "v"), type);
        keyWithoutSignature.addExtField(SessionCredentials.ACCESS_KEY, ADMIN_KEY);
        assertEquals(ResponseCode.NO_PERMISSION, send(keyWithoutSignature).code());
        assertNull(storedValue("unsigned"));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aFieldChangedAfterSigningIsRefused(SerializeType type) throws IOException {
        serveWithAcl();
        // fields set as extFields, not in the header object, which the encoder would write back over the change
        var request = apacheRequest(RequestCode.DELETE_KV_CONFIG, new DeleteKVConfigRequestHeader(), type);
        request.addExtField("namespace", "acl-ns");
        request.addExtField("key", "kept");
        sign(request, ADMIN_KEY, ADMIN_SECRET);
        request.addExtField("key", "other");
        assertEquals(ResponseCode.SUCCESS, putSignedBy(ADMIN_KEY, ADMIN_SECRET, "other", type).code());

        assertEquals(ResponseCode.NO_PERMISSION, send(request).code());
        assertEquals("v-other", storedValue("other"));
    }

    @Test
    void aSecurityTokenIsSignedLikeAnyField() throws IOException {
        serveWithAcl();
        var request = apacheRequest(RequestCode.PUT_KV_CONFIG, putKv("token", "v"), SerializeType.JSON);
        new AclClientRPCHook(new SessionCredentials(ADMIN_KEY, ADMIN_SECRET, "sts-token"))
            .doBeforeRequest("127.0.0.1:9876", request);
        assertEquals(ResponseCode.SUCCESS, send(request).code());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void readsStayOpenByDefault(SerializeType type) throws IOException {
        serveWithAcl();
        assertEquals(ResponseCode.SUCCESS, putSignedBy(ADMIN_KEY, ADMIN_SECRET, "read", type).code());
        RemotingCommand read = send(apacheRequest(RequestCode.GET_KV_CONFIG, getKv("read"), type));
        assertEquals(ResponseCode.SUCCESS, read.code());
        assertEquals("v-read", read.extField("value"));
        GetRouteInfoRequestHeader route = new GetRouteInfoRequestHeader();
        route.setTopic("no-such-topic");
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, send(apacheRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, route, type)).code());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void readsNeedASignatureWhenConfigured(SerializeType type) throws IOException {
        serveWithAcl("aclProtectReads", "true");
        assertEquals(ResponseCode.SUCCESS, putSignedBy(ADMIN_KEY, ADMIN_SECRET, "closed", type).code());
        RemotingCommand refused = send(apacheRequest(RequestCode.GET_KV_CONFIG, getKv("closed"), type));
        assertEquals(ResponseCode.NO_PERMISSION, refused.code());
        assertNull(refused.extFields(), "a refused read carries no value");

        var signed = apacheRequest(RequestCode.GET_KV_CONFIG, getKv("closed"), type);
        sign(signed, ADMIN_KEY, ADMIN_SECRET);
        assertEquals("v-closed", send(signed).extField("value"));
        assertEquals(ResponseCode.NO_PERMISSION, send(apacheRequest(RequestCode.GET_BROKER_CLUSTER_INFO, null, type)).code());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void withAccessControlOffEverythingIsServed(SerializeType type) {
        serve(Map.of());
        assertEquals(ResponseCode.SUCCESS, send(apacheRequest(RequestCode.PUT_KV_CONFIG, putKv("open", "v-open"), type)).code());
        assertEquals(ResponseCode.SUCCESS, putSignedBy("nobody", "any", "signed", type).code());
        assertEquals("v-open", storedValue("open"));
        assertEquals("v-signed", storedValue("signed"));
    }

    @Test
    void exemptCodesAreServedUnsigned() throws IOException {
        serveWithAcl("aclExemptRequestCodes", "100; 103");
        assertEquals(ResponseCode.SUCCESS, send(registration(SerializeType.JSON)).code());
        assertEquals(ResponseCode.SUCCESS,
            send(apacheRequest(RequestCode.PUT_KV_CONFIG, putKv("exempt", "v"), SerializeType.JSON)).code());
        var delete = apacheRequest(RequestCode.DELETE_KV_CONFIG, new DeleteKVConfigRequestHeader(), SerializeType.JSON);
        delete.addExtField("namespace", "acl-ns");
        delete.addExtField("key", "exempt");
        assertEquals(ResponseCode.NO_PERMISSION, send(delete).code());
    }

    /** Pins the list: each code the server knows, unsigned, is refused exactly when it changes state. */
    @Test
    void everyRequestThatChangesStateAndNoReadIsProtected() throws IOException {
        serveWithAcl();
        Set<Integer> refused = new TreeSet<>();
        for (int code : ProtocolCodeNames.REQUESTS.keySet()) {
            RemotingCommand answer = PipelineHarness.exchange(channel, RemotingCommand.request(code, Map.of()).opaque(code));
            if (answer.code() == ResponseCode.NO_PERMISSION) {
                refused.add(code);
            }
        }
        assertEquals(new TreeSet<>(STATE_CHANGING), refused);
    }

    @Test
    void aOnewayRefusalIsDroppedAndLoggedAtMostOncePerInterval() throws IOException {
        serveWithAcl();
        try (LogCapture logs = LogCapture.of("io.namesrv.remoting")) {
            for (int i = 0; i < 5; i++) {
                BrokerHeartbeatRequestHeader header = new BrokerHeartbeatRequestHeader();
                header.setClusterName("DefaultCluster");
                header.setBrokerAddr("127.0.0.1:10911");
                header.setBrokerName("broker-a");
                var heartbeat = apacheRequest(RequestCode.BROKER_HEARTBEAT, header, SerializeType.JSON);
                heartbeat.markOnewayRPC();
                assertNull(send(heartbeat), "a oneway request is never answered");
            }
            assertEquals(1, logs.count(AccessControl.class, Level.WARN, "Refused 1 request(s) without a valid ACL "
                + "signature (at most one such line per 10 s); the latest from embedded (oneway, dropped without an "
                + "answer): No ACL signature: request code 904 (BROKER_HEARTBEAT)"));
            assertEquals(1, logs.count(AccessControl.class, Level.WARN, "Refused"));
        }
    }

    @Test
    void theAccessKeysAreNeitherPrintedNorChangeableAtRunTime() throws IOException {
        serveWithAcl();
        var get = apacheRequest(RequestCode.GET_NAMESRV_CONFIG, null, SerializeType.JSON);
        String config = new String(send(get).body(), StandardCharsets.UTF_8);
        assertTrue(config.contains("aclEnable=true"), config);
        assertFalse(config.contains(ADMIN_SECRET) || config.contains(BROKER_SECRET), config);

        var update = apacheRequest(RequestCode.UPDATE_NAMESRV_CONFIG, null, SerializeType.JSON);
        update.setBody("aclEnable=false\n".getBytes(StandardCharsets.UTF_8));
        sign(update, ADMIN_KEY, ADMIN_SECRET);
        RemotingCommand refused = send(update);
        assertEquals(ResponseCode.NO_PERMISSION, refused.code());
        assertEquals("Can not update config in black list.", refused.remark());
        assertTrue(harness.nameServer.config().get(NamesrvConfig.ACL_ENABLE));
    }

    @Test
    void aBadAccountsSettingFailsTheStart() throws IOException {
        assertThrows(ConfigException.class, () -> AccessControl.from(NamesrvConfig.of(Map.of("aclEnable", "true"))));
        assertThrows(ConfigException.class, () -> AccessControl.from(NamesrvConfig.of(Map.of("aclEnable", "true",
            "aclAccountsFile", dir.resolve("missing").toString()))));
        Path noSecret = Files.writeString(dir.resolve("no-secret.properties"), "admin=\n");
        ConfigException e = assertThrows(ConfigException.class, () -> AccessControl.from(NamesrvConfig.of(
            Map.of("aclEnable", "true", "aclAccountsFile", noSecret.toString()))));
        assertTrue(e.getMessage().contains("account 'admin' has no secret key"), e.getMessage());
        assertThrows(ConfigException.class, () -> NamesrvConfig.of(Map.of("aclExemptRequestCodes", "103;register")));
    }
}
