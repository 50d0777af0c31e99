package io.namesrv.remoting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.TopicConfig;
import io.namesrv.remoting.body.BodyFormatException;
import io.namesrv.remoting.body.Json;
import io.namesrv.remoting.body.RegisterBrokerBody;
import io.namesrv.remoting.body.RegisterBrokerBodyDecoder;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registration body reader against Jackson's tree of the same bytes, the reference: bodies
 * fastjson wrote with odd topic names, the same documents rewritten with other whitespace, field
 * order and unknown fields, and broken bodies, which must fail with a BodyFormatException only.
 */
class RegisterBrokerBodyDecoderTest {
    private static final String[] ODD_NAMES = {"%RETRY%group_1", "with\"quote", "back\\slash", "tab\tand\nnewline",
        "ünïcödé-主题", "emoji-\uD83D\uDE00", "slash/x", "\u0001control"};

    private final RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1L << 26);

    @Test
    void readsWhatFastjsonWritesAsJacksonDoes() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] body = fastjsonBody(random, 1 + random.nextInt(200));
            assertEquals(reference(body), decoder.decode(body, false, true), "round " + round);
        }
    }

    @Test
    void readsTheSameDocumentWrittenOtherwise() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            JsonNode tree = Json.MAPPER.readTree(fastjsonBody(random, 1 + random.nextInt(50)));
            JsonNode rewritten = reshuffled(tree, random);
            byte[] body = (random.nextBoolean()
                ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rewritten)
                : Json.MAPPER.writeValueAsString(rewritten)).getBytes(StandardCharsets.UTF_8);
            RegisterBrokerBody expected = reference(body);
            assertEquals(expected, decoder.decode(body, false, true), "round " + round + ": " + new String(body, StandardCharsets.UTF_8));
        }
    }

    @Test
    void missingFieldsTakeFastjsonDefaults() {
        byte[] body = ("{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{\"t\":{\"topicName\":\"t\","
            + "\"perm\":null,\"order\":true,\"extra\":[1,{\"a\":[]},-2.5e3,\"x\"]}}}}").getBytes(StandardCharsets.UTF_8);
        RegisterBrokerBody decoded = decoder.decode(body, false, true);
        assertEquals(new TopicConfig("t", 16, 16, 6, 0, true), decoded.topicConfigs().get("t"));
        assertEquals(DataVersion.ZERO, decoded.dataVersion());
    }

    @Test
    void everyTruncationFailsWithABodyFormatException() throws Exception {
        byte[] body = fastjsonBody(new Random(3), 5);
        for (int length = 1; length < body.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(body, length);
            assertThrows(BodyFormatException.class, () -> decoder.decode(truncated, false, true), "length " + length);
        }
    }

    @Test
    void corruptedBodiesFailCleanlyOrReadAsJacksonReadsThem() throws Exception {
        Random random = new Random(11);
        byte[] body = fastjsonBody(random, 8);
        byte[] junk = "{}[]\":,\\ 0-9.eEtrufalsn\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 5_000; round++) {
            byte[] corrupted = body.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupted[random.nextInt(corrupted.length)] = junk[random.nextInt(junk.length)];
            }
            RegisterBrokerBody expected = null;
            String jacksonRefusal = null;
            try {
                expected = reference(corrupted);
            } catch (Exception e) {
                jacksonRefusal = e.getMessage();
            }
            RegisterBrokerBody decoded;
            try {
                decoded = decoder.decode(corrupted, false, true);
            } catch (BodyFormatException e) {
                continue; // refused: fine, whatever Jackson thought of it
            }
            String text = new String(corrupted, StandardCharsets.ISO_8859_1);
            if (jacksonRefusal != null) {
                // the one leniency: text the decoder skips is not checked for UTF-8 validity
                assertTrue(jacksonRefusal.contains("Invalid UTF-8"), "accepted what Jackson refuses ("
                    + jacksonRefusal + "): " + text);
            } else {
                assertEquals(expected, decoded, "read otherwise than Jackson: " + text);
            }
        }
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(10_000);
        byte[] body = ("{\"unknown\":" + deep + "}").getBytes(StandardCharsets.UTF_8);
        assertThrows(BodyFormatException.class, () -> decoder.decode(body, false, true));
    }

    private static byte[] fastjsonBody(Random random, int topics) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        org.apache.rocketmq.remoting.protocol.DataVersion version = new org.apache.rocketmq.remoting.protocol.DataVersion();
        version.setStateVersion(random.nextInt(5));
        version.setTimestamp(random.nextLong() & Long.MAX_VALUE);
        version.setCounter(new java.util.concurrent.atomic.AtomicLong(random.nextInt(1_000_000)));
        wrapper.setDataVersion(version);
        for (int i = 0; i < topics; i++) {
            String name = random.nextInt(4) == 0 ? ODD_NAMES[random.nextInt(ODD_NAMES.length)] + i : "topic-" + i;
            org.apache.rocketmq.common.TopicConfig config = new org.apache.rocketmq.common.TopicConfig(name,
                random.nextInt(64), random.nextInt(64), random.nextInt(8));
            config.setTopicSysFlag(random.nextInt(4));
            config.setOrder(random.nextBoolean());
            if (random.nextBoolean()) {
                config.setAttributes(Map.of("+message.type", random.nextBoolean() ? "NORMAL" : "FIFO"));
            }
            wrapper.getTopicConfigTable().put(name, config);
        }
        org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody body =
            new org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(random.nextBoolean() ? List.of() : List.of("127.0.0.1:" + (30_000 + random.nextInt(1000))));
        return body.encode(false);
    }

    /**
     * The same tree with fields in another order and unknown fields of every kind added (but not
     * to the maps of topics, whose every member must be a topic config).
     */
    private static JsonNode reshuffled(JsonNode node, Random random) {
        return reshuffled(node, random, true);
    }

    private static JsonNode reshuffled(JsonNode node, Random random, boolean unknownFields) {
        if (!node.isObject()) {
            return node;
        }
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            fields.add(it.next());
        }
        Collections.shuffle(fields, random);
        ObjectNode shuffled = Json.MAPPER.createObjectNode();
        if (unknownFields && random.nextInt(3) == 0) {
            shuffled.putArray("unknownBefore").add(1).addObject().put("x", "y\"z").putNull("n");
        }
        fields.forEach(e -> shuffled.set(e.getKey(), reshuffled(e.getValue(), random,
            !e.getKey().equals("topicConfigTable") && !e.getKey().equals("topicQueueMappingInfoMap"))));
        if (unknownFields && random.nextInt(3) == 0) {
            shuffled.put("unknownAfter", -12.5e-3);
        }
        return shuffled;
    }

    /** What the body says, read from Jackson's tree of it with fastjson's defaults. */
    private static RegisterBrokerBody reference(byte[] body) throws Exception {
        JsonNode root = Json.MAPPER.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        JsonNode wrapper = root.path("topicConfigSerializeWrapper");
        JsonNode version = wrapper.path("dataVersion");
        DataVersion dataVersion = version.isMissingNode() ? DataVersion.ZERO
            : new DataVersion(version.path("stateVersion").asLong(0), version.path("timestamp").asLong(0),
                version.path("counter").asLong(0));
        Map<String, TopicConfig> topics = new HashMap<>();
        wrapper.path("topicConfigTable").forEach(config -> {
            if (!config.isObject() || !config.path("topicName").isTextual()) {
                throw new IllegalArgumentException("bad topic config");
            }
            topics.put(config.path("topicName").asText(), new TopicConfig(config.path("topicName").asText(),
                intOr(config.path("readQueueNums"), 16), intOr(config.path("writeQueueNums"), 16),
                intOr(config.path("perm"), 6), intOr(config.path("topicSysFlag"), 0),
                config.path("order").isBoolean() && config.path("order").asBoolean()));
        });
        JsonNode servers = root.get("filterServerList");
        List<String> filterServers = null;
        if (servers != null && !servers.isNull()) {
            filterServers = new ArrayList<>();
            for (JsonNode server : servers) {
                filterServers.add(server.asText());
            }
        }
        return new RegisterBrokerBody(dataVersion, topics, filterServers, Map.of());
    }

    private static int intOr(JsonNode node, int def) {
        return node.isNumber() ? node.asInt() : def;
    }
}
