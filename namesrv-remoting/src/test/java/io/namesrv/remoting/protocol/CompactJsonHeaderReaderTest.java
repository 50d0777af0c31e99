package io.namesrv.remoting.protocol;

import org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The compact reader reads what Apache's clients send, and never disagrees with the full parser:
 * for every header it accepts, the full parser gives the same command.
 */
class CompactJsonHeaderReaderTest {
    private static final int GENERATED = 200_000;

    @Test
    void readsTheHeadersApacheClientsWrite() throws Exception {
        GetRouteInfoRequestHeader route = new GetRouteInfoRequestHeader();
        route.setTopic("TopicTest");
        RegisterBrokerRequestHeader register = new RegisterBrokerRequestHeader();
        register.setBrokerName("broker-a");
        register.setBrokerAddr("127.0.0.1:10911");
        register.setClusterName("DefaultCluster");
        register.setHaServerAddr("127.0.0.1:10912");
        register.setBrokerId(0L);
        register.setCompressed(false);
        register.setBodyCrc32(123456789);
        for (var header : List.of(route, register)) {
            var apache = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(105, header);
            apache.setRemark("plain remark");
            byte[] json = jsonHeader(apache.encodeHeader());

            RemotingCommand compact = CompactJsonHeaderReader.read(json);

            assertNotNull(compact, () -> "not read by the compact reader: " + new String(json, StandardCharsets.UTF_8));
            assertSame(JsonHeaderCodec.parse(json), compact);
            assertEquals(apache.getOpaque(), compact.opaque());
            assertEquals(apache.getExtFields(), compact.extFields());
        }
    }

    @Test
    void leavesEveryOtherFormToTheFullParser() {
        for (String header : List.of(
            "{ \"code\":105}", "{\"code\":105 }", "{\"code\":\"105\"}", "{\"code\":0105}", "{\"code\":-0}",
            "{\"code\":1.5}", "{\"code\":1e3}", "{\"code\":12345678901}", "{\"remark\":\"a\\nb\"}",
            "{\"remark\":\"caf\u00e9\"}", "{\"remark\":5}", "{\"language\":null}", "{\"extFields\":null}",
            "{\"extFields\":{\"a\":1}}", "{\"extFields\":{\"a\":null}}", "{\"extFields\":{\"a\":{}}}", "{code:105}",
            "{\"x\":[1]}", "{\"x\":true}", "{\"code\":105}x", "{\"code\":105", "{\"code\":105,}", "[]", "")) {
            assertNull(CompactJsonHeaderReader.read(header.getBytes(StandardCharsets.UTF_8)), header);
        }
    }

    @Test
    void agreesWithTheFullParserOnEveryHeaderItReads() {
        Random random = new Random(20261201);
        int read = 0;
        for (int i = 0; i < GENERATED; i++) {
            String header = randomHeader(random);
            byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
            RemotingCommand compact = CompactJsonHeaderReader.read(bytes);
            if (compact == null) {
                continue;
            }
            read++;
            try {
                assertSame(JsonHeaderCodec.parse(bytes), compact);
            } catch (FrameFormatException e) {
                fail("the compact reader read a header the full parser refuses: " + header, e);
            }
        }
        assertTrue(read > GENERATED / 10, "too few generated headers in the compact form to compare: " + read);
    }

    private static void assertSame(RemotingCommand expected, RemotingCommand actual) {
        assertEquals(expected.toString(), actual.toString());
        assertEquals(entries(expected.extFields()), entries(actual.extFields()), "extFields and their order");
    }

    private static List<Map.Entry<String, String>> entries(Map<String, String> fields) {
        return fields == null ? null : new ArrayList<>(fields.entrySet());
    }

    private static byte[] jsonHeader(ByteBuffer frame) {
        frame.getInt();
        int headerLength = frame.getInt() & 0xFFFFFF;
        byte[] header = new byte[headerLength];
        frame.get(header);
        return header;
    }

    /** Mostly compact headers, with now and then one piece in a form only the full parser reads. */
    private static String randomHeader(Random random) {
        StringBuilder out = new StringBuilder("{");
        int fields = random.nextInt(9);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.append(pick(random, ",", ",", ",", ",", ",", ",", " ,", ", "));
            }
            String name = pick(random, "code", "language", "version", "opaque", "flag", "remark", "extFields",
                "serializeTypeCurrentRPC", "", "cod", "codes", "flags", "c\\u006fde");
            out.append('"').append(name).append("\":");
            switch (name) {
                case "language", "remark", "serializeTypeCurrentRPC" -> out.append(randomValue(random, true));
                case "extFields" -> out.append(randomObject(random));
                default -> out.append(randomValue(random, false));
            }
        }
        out.append('}');
        if (random.nextInt(40) == 0) {
            out.append(pick(random, " ", "}", "x", "{}"));
        }
        if (random.nextInt(40) == 0) {
            out.setLength(random.nextInt(out.length() + 1));
        }
        return out.toString();
    }

    private static String randomObject(Random random) {
        if (random.nextInt(20) == 0) {
            return pick(random, "null", "[]", "\"x\"", "{\"a\":{\"b\":\"c\"}}");
        }
        StringBuilder out = new StringBuilder("{");
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(pick(random, "\"topic\"", "\"brokerName\"", "\"a\"", "\"topic\"", "\"\"", "\"k\\\"\"", "k"))
                .append(':').append(randomValue(random, true));
        }
        return out.append('}').toString();
    }

    private static String randomValue(Random random, boolean stringMostly) {
        if (stringMostly ? random.nextInt(8) != 0 : random.nextInt(8) == 0) {
            return pick(random, "\"JAVA\"", "\"GO\"", "\"TopicTest\"", "\"\"", "\"a b:c\"", "\"JSON\"", "\"tab\\there\"",
                "\"caf\u00e9\"", "\"q\\\"\"", "\"\\u0041\"", "\"x\u0001\"", "\"unterminated");
        }
        return pick(random, "0", "1", "105", "-1", "2147483647", "-2147483648", "2147483648", "9999999999", "493",
            "01", "-0", "1.5", "2e2", "null", "true", "false", "-", "[1,2]", "{}", String.valueOf(random.nextInt()));
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
