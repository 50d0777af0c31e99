package io.namesrv.remoting;

import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.namesrv.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames exchanged with Apache RocketMQ 5.4.0's own RemotingCommand, in both header forms. */
class HeaderCompatibilityTest {

    private static org.apache.rocketmq.remoting.protocol.SerializeType apacheType(SerializeType type) {
        return org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void weDecodeWhatAnApacheClientSends(SerializeType type) throws Exception {
        GetRouteInfoRequestHeader header = new GetRouteInfoRequestHeader();
        header.setTopic("orders");
        header.setAcceptStandardJsonOnly(true);
        org.apache.rocketmq.remoting.protocol.RemotingCommand apache =
            org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(105, header);
        apache.setSerializeTypeCurrentRPC(apacheType(type));
        apache.setRemark("a remark é");
        apache.setBody("body".getBytes(StandardCharsets.UTF_8));
        apache.markOnewayRPC();
        ByteBuffer frame = apache.encode();
        frame.getInt();

        RemotingCommand ours = CommandCodec.decode(Unpooled.wrappedBuffer(frame));

        assertEquals(105, ours.code());
        assertEquals(apache.getOpaque(), ours.opaque());
        assertEquals(apache.getVersion(), ours.version());
        assertEquals("JAVA", ours.language());
        assertEquals("a remark é", ours.remark());
        assertEquals(type, ours.serializeType());
        assertTrue(ours.isOneway());
        assertFalse(ours.isResponse());
        assertEquals("orders", ours.extField("topic"));
        assertEquals("true", ours.extField("acceptStandardJsonOnly"));
        assertArrayEquals("body".getBytes(StandardCharsets.UTF_8), ours.body());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void anApacheClientDecodesOurResponse(SerializeType type) throws Exception {
        RemotingCommand request = RemotingCommand.request(101, Map.of("namespace", "ns", "key", "k"))
            .opaque(4242).serializeType(type);
        RemotingCommand response = RemotingCommand.responseTo(request, 22, "No config item, Namespace: ns Key: k")
            .extField("value", "v").body(new byte[] {1, 2, 3});
        ByteBuf out = Unpooled.buffer();
        CommandCodec.encode(response, out);
        assertEquals(out.readableBytes() - 4, out.readInt(), "the leading length counts what follows it");

        org.apache.rocketmq.remoting.protocol.RemotingCommand apache =
            org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(out);

        assertEquals(22, apache.getCode());
        assertEquals(4242, apache.getOpaque());
        assertTrue(apache.isResponseType());
        assertFalse(apache.isOnewayRPC());
        assertEquals("No config item, Namespace: ns Key: k", apache.getRemark());
        assertEquals(Map.of("value", "v"), apache.getExtFields());
        assertEquals(apacheType(type), apache.getSerializeTypeCurrentRPC());
        assertArrayEquals(new byte[] {1, 2, 3}, apache.getBody());
        assertEquals("JAVA", apache.getLanguage().name());
    }

    @Test
    void anApacheClientDecodesOurHeaderWithTextToEscapeAndNegativeNumbers() throws Exception {
        String remark = "topic \"a\\b\" not found\n\tcaf\u00e9 \u4e2d \u0001";
        RemotingCommand request = RemotingCommand.request(105, null).opaque(Integer.MIN_VALUE);
        RemotingCommand response = RemotingCommand.responseTo(request, -7, remark)
            .extField("k\"ey", "v\u00e9").extField("empty", "");
        ByteBuf out = Unpooled.buffer();
        CommandCodec.encode(response, out);
        out.readInt();

        org.apache.rocketmq.remoting.protocol.RemotingCommand apache =
            org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(out);

        assertEquals(-7, apache.getCode());
        assertEquals(Integer.MIN_VALUE, apache.getOpaque());
        assertEquals(remark, apache.getRemark());
        assertEquals(Map.of("k\"ey", "v\u00e9", "empty", ""), apache.getExtFields());
    }
}
