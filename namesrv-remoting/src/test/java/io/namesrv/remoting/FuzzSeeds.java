package io.namesrv.remoting;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.namesrv.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;

/**
 * Well-formed requests, as whole frames (length prefix included), for the fuzz test to break: each
 * in both header forms. Registration bodies are Apache's own encoding, plain and compressed.
 */
final class FuzzSeeds {
    /** A compressed body's inflated size: far past the decoder's bound (8 frames of the harness). */
    private static final int BOMB_INFLATED_BYTES = 16 * 1024 * 1024;

    private FuzzSeeds() {
    }

    /** A seed and whether its body is what a handler decodes (so breaking the body only must be answered). */
    record Seed(String name, byte[] frame, boolean decodedBody) {
    }

    static List<Seed> all(int maxFrame) {
        List<Seed> seeds = new ArrayList<>();
        for (SerializeType type : SerializeType.values()) {
            add(seeds, type, "route", request(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "TopicTest")), false);
            add(seeds, type, "clusterInfo", request(RequestCode.GET_BROKER_CLUSTER_INFO, null), false);
            add(seeds, type, "putKv", request(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "ns", "key", "k",
                "value", "v")), false);
            add(seeds, type, "getKv", request(RequestCode.GET_KV_CONFIG, Map.of("namespace", "ns", "key", "k")), false);
            add(seeds, type, "kvList", request(RequestCode.GET_KVLIST_BY_NAMESPACE, Map.of("namespace", "ns")), false);
            add(seeds, type, "heartbeat", request(RequestCode.BROKER_HEARTBEAT, broker()), false);
            add(seeds, type, "unregister", request(RequestCode.UNREGISTER_BROKER, broker()), false);
            add(seeds, type, "wipePerm", request(RequestCode.WIPE_WRITE_PERM_OF_BROKER,
                Map.of("brokerName", "broker-a")), false);
            add(seeds, type, "topicsOfCluster", request(RequestCode.GET_TOPICS_BY_CLUSTER,
                Map.of("cluster", "DefaultCluster")), false);
            add(seeds, type, "memberGroup", request(RequestCode.GET_BROKER_MEMBER_GROUP,
                Map.of("clusterName", "DefaultCluster", "brokerName", "broker-a")), false);
            add(seeds, type, "deleteTopic", request(RequestCode.DELETE_TOPIC_IN_NAMESRV, Map.of("topic", "t0")), false);
            add(seeds, type, "dataVersion", request(RequestCode.QUERY_DATA_VERSION, broker())
                .body("{\"counter\":3,\"stateVersion\":0,\"timestamp\":1700000000000}".getBytes(StandardCharsets.UTF_8)),
                true);
            add(seeds, type, "register", register(false, registerBody(false)), true);
            add(seeds, type, "registerCompressed", register(true, registerBody(true)), true);
            add(seeds, type, "deflateBomb", register(true, deflateBomb()), true);
            add(seeds, type, "manyExtFields", request(RequestCode.GET_KV_CONFIG, manyFields(maxFrame / 40)), false);
            // a read: a write of it would keep 64 KB in the KV table for each mutant of its key
            add(seeds, type, "longExtField", request(RequestCode.GET_KV_CONFIG, Map.of("namespace", "ns", "key", "k",
                "padding", "v".repeat(maxFrame - 400))), false);
        }
        return seeds;
    }

    private static void add(List<Seed> seeds, SerializeType type, String name, RemotingCommand request,
                            boolean decodedBody) {
        request.serializeType(type).opaque(seeds.size() + 1).version(RemotingCommand.SERVER_VERSION);
        ByteBuf frame = PipelineHarness.frame(request);
        try {
            seeds.add(new Seed(name + "/" + type, ByteBufUtil.getBytes(frame), decodedBody));
        } finally {
            frame.release();
        }
    }

    private static RemotingCommand request(int code, Map<String, String> fields) {
        return RemotingCommand.request(code, fields);
    }

    private static Map<String, String> broker() {
        return Map.of("clusterName", "DefaultCluster", "brokerAddr", "127.0.0.1:10911", "brokerName", "broker-a",
            "brokerId", "0");
    }

    /** No bodyCrc32, so that a broken body reaches the body decoder instead of the CRC check. */
    private static RemotingCommand register(boolean compressed, byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>(broker());
        fields.put("haServerAddr", "127.0.0.1:10912");
        fields.put("compressed", Boolean.toString(compressed));
        fields.put("heartbeatTimeoutMillis", "30000");
        return request(RequestCode.REGISTER_BROKER, fields).body(body);
    }

    private static byte[] registerBody(boolean compressed) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        DataVersion version = new DataVersion();
        version.setTimestamp(1_700_000_000_000L);
        wrapper.setDataVersion(version);
        for (int i = 0; i < 8; i++) {
            wrapper.getTopicConfigTable().put("t" + i, new TopicConfig("t" + i, 4, 4, 6));
        }
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(List.of("127.0.0.1:30000"));
        return body.encode(compressed);
    }

    /** A data version, one topic whose text claims 2 GiB, then zeros that deflate a thousand to one. */
    private static byte[] deflateBomb() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(2);
            out.writeBytes("{}");
            out.writeInt(1);
            out.writeInt(Integer.MAX_VALUE);
            byte[] zeros = new byte[64 * 1024];
            for (int written = 0; written < BOMB_INFLATED_BYTES; written += zeros.length) {
                out.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> manyFields(int count) {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("namespace", "ns", "key", "k"));
        for (int i = 0; i < count; i++) {
            fields.put("f" + i, "value-" + i);
        }
        return fields;
    }
}
