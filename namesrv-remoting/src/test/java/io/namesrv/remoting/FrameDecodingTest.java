package io.namesrv.remoting;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.namesrv.remoting.PipelineHarness.exchange;
import static io.namesrv.remoting.PipelineHarness.frame;
import static io.namesrv.remoting.PipelineHarness.readResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken frames close their connection and nothing else; whole frames are answered however they arrive. */
class FrameDecodingTest {
    private final PipelineHarness harness = new PipelineHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    private static RemotingCommand clusterInfoRequest(int opaque) {
        return RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null).opaque(opaque);
    }

    private void assertClosedWithoutAnswer(ByteBuf input) {
        EmbeddedChannel channel = harness.channel();
        channel.writeInbound(input);
        assertFalse(channel.isOpen(), "the connection is closed");
        assertNull(readResponse(channel));
        assertServedOnANewConnection();
    }

    private void assertServedOnANewConnection() {
        EmbeddedChannel next = harness.channel();
        RemotingCommand response = exchange(next, clusterInfoRequest(7));
        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals(7, response.opaque());
        assertTrue(next.isOpen());
    }

    @Test
    void aFrameLargerThanTheLimitClosesTheConnection() {
        ByteBuf input = Unpooled.buffer().writeInt(PipelineHarness.MAX_FRAME + 1).writeZero(64);
        assertClosedWithoutAnswer(input);
    }

    @Test
    void aNegativeLengthClosesTheConnection() {
        assertClosedWithoutAnswer(Unpooled.buffer().writeInt(-5).writeZero(16));
    }

    @Test
    void aHeaderLongerThanItsFrameClosesTheConnection() {
        ByteBuf input = Unpooled.buffer().writeInt(14).writeInt(1000).writeZero(10);
        assertClosedWithoutAnswer(input);
    }

    @Test
    void aFrameTooShortForItsHeaderLengthClosesTheConnection() {
        assertClosedWithoutAnswer(Unpooled.buffer().writeInt(2).writeShort(0));
    }

    @Test
    void invalidJsonInTheHeaderClosesTheConnection() {
        byte[] header = "{\"code\":105,\"opaque\":".getBytes(StandardCharsets.UTF_8);
        ByteBuf input = Unpooled.buffer().writeInt(4 + header.length).writeInt(header.length).writeBytes(header);
        assertClosedWithoutAnswer(input);
    }

    @Test
    void aJsonHeaderThatIsNotAnObjectClosesTheConnection() {
        byte[] header = "[1,2,3]".getBytes(StandardCharsets.UTF_8);
        ByteBuf input = Unpooled.buffer().writeInt(4 + header.length).writeInt(header.length).writeBytes(header);
        assertClosedWithoutAnswer(input);
    }

    @Test
    void anUnknownSerializeTypeClosesTheConnection() {
        ByteBuf input = Unpooled.buffer().writeInt(4 + 2).writeInt((7 << 24) | 2).writeBytes("{}".getBytes(StandardCharsets.UTF_8));
        assertClosedWithoutAnswer(input);
    }

    @Test
    void aTruncatedBinaryHeaderClosesTheConnection() {
        ByteBuf input = Unpooled.buffer().writeInt(4 + 5).writeInt((1 << 24) | 5).writeZero(5);
        assertClosedWithoutAnswer(input);
    }

    @Test
    void aBinaryHeaderWhoseRemarkLiesAboutItsLengthClosesTheConnection() {
        ByteBuf header = Unpooled.buffer().writeShort(106).writeByte(0).writeShort(0).writeInt(1).writeInt(0)
            .writeInt(1_000_000).writeInt(0);
        ByteBuf input = Unpooled.buffer().writeInt(4 + header.readableBytes())
            .writeInt((1 << 24) | header.readableBytes()).writeBytes(header);
        assertClosedWithoutAnswer(input);
    }

    @Test
    void requestsBehindABrokenFrameAreNotRunWhenTheConnectionCloses() {
        EmbeddedChannel channel = harness.channel();
        byte[] header = "[1,2,3]".getBytes(StandardCharsets.UTF_8);
        ByteBuf input = Unpooled.buffer().writeInt(4 + header.length).writeInt(header.length).writeBytes(header)
            .writeBytes(frame(RemotingCommand.request(RequestCode.PUT_KV_CONFIG,
                Map.of("namespace", "ns", "key", "behind", "value", "v")).opaque(2)));
        channel.writeInbound(input);
        assertFalse(channel.isOpen());
        assertNull(harness.nameServer.kvConfig().get("ns", "behind"), "the stream past a broken frame is not trusted");
    }

    @Test
    void aFrameArrivingInPiecesIsAnsweredOnceWhole() {
        EmbeddedChannel channel = harness.channel();
        ByteBuf whole = frame(clusterInfoRequest(11));
        int half = whole.readableBytes() / 2;
        channel.writeInbound(whole.readRetainedSlice(half));
        assertNull(readResponse(channel));
        channel.writeInbound(whole);
        assertEquals(11, readResponse(channel).opaque());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderWithTheirOpaques() {
        EmbeddedChannel channel = harness.channel();
        ByteBuf both = Unpooled.buffer().writeBytes(frame(clusterInfoRequest(1))).writeBytes(frame(
            RemotingCommand.request(RequestCode.GET_KV_CONFIG, Map.of("namespace", "ns", "key", "k")).opaque(2)));
        channel.writeInbound(both);
        assertEquals(1, readResponse(channel).opaque());
        RemotingCommand second = readResponse(channel);
        assertEquals(2, second.opaque());
        assertEquals(ResponseCode.QUERY_NOT_FOUND, second.code());
    }

    @Test
    void aResponseSentToTheServerIsIgnored() {
        EmbeddedChannel channel = harness.channel();
        RemotingCommand response = RemotingCommand.responseTo(clusterInfoRequest(3), 0, null);
        assertNull(exchange(channel, response));
        assertTrue(channel.isOpen());
    }
}
