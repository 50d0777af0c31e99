package io.namesrv.remoting;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the frame decoder holds follows the bytes that arrived, never the length a frame claims: a
 * peer that announces a frame at the limit and sends a little makes the server hold a little, and
 * one that announces more than the limit is refused without its bytes being gathered. (The header
 * and body arrays CommandCodec makes are cut from a frame already whole, so they are within it too.)
 * Each piece arrives in a buffer of the channel's allocator, as a socket read does, and Netty's own
 * count of the bytes that allocator's buffers hold is taken after each: the pieces the decoder keeps
 * until their frame is whole, and whatever it allocates itself.
 */
class FrameAllocationTest {
    private final PipelineHarness harness = new PipelineHarness();
    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
    private long peak;

    @AfterEach
    void close() {
        harness.close();
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = harness.channel();
        channel.config().setAllocator(allocator);
        return channel;
    }

    /** Delivers the bytes as one read. */
    private void arrive(EmbeddedChannel channel, byte[] piece) {
        channel.writeInbound(allocator.heapBuffer(piece.length, piece.length).writeBytes(piece));
        ByteBufAllocatorMetric metric = allocator.metric();
        peak = Math.max(peak, metric.usedHeapMemory() + metric.usedDirectMemory());
    }

    private static byte[] prefix(int claimedLength) {
        return ByteBuffer.allocate(8).putInt(claimedLength).putInt(100).array();
    }

    @Test
    void aFrameThatClaimsTheLimitButSendsLittleHoldsLittle() {
        EmbeddedChannel channel = channel();
        arrive(channel, prefix(PipelineHarness.MAX_FRAME));
        for (int piece = 0; piece < 10; piece++) {
            arrive(channel, new byte[100]);
        }
        assertTrue(channel.isOpen(), "a frame still arriving is waited for");
        assertNull(PipelineHarness.readResponse(channel));
        // 1,008 bytes arrived and are held until the frame is whole
        assertTrue(peak >= 1_008 && peak <= 2 * 1_008, "held " + peak + " bytes");
        channel.finishAndReleaseAll();
    }

    @Test
    void aFrameClaimingMoreThanTheLimitIsRefusedWithoutGatheringIt() {
        for (int claim : new int[] {PipelineHarness.MAX_FRAME + 1, Integer.MAX_VALUE}) {
            EmbeddedChannel channel = channel();
            byte[] prefix = prefix(claim);
            // half the length field first, so that the decoder has to gather bytes
            arrive(channel, new byte[] {prefix[0], prefix[1]});
            byte[] rest = new byte[1_006];
            System.arraycopy(prefix, 2, rest, 0, 6);
            arrive(channel, rest);
            assertFalse(channel.isOpen(), "claim of " + claim + " bytes");
            assertTrue(peak <= 2 * 1_008, "held " + peak + " bytes");
        }
    }

    @Test
    void aFrameAtTheLimitIsGatheredWithinTwiceTheLimit() {
        EmbeddedChannel channel = channel();
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_KV_CONFIG, Map.of("namespace", "ns",
            "key", "k", "padding", "p".repeat(PipelineHarness.MAX_FRAME - 200))).opaque(5);
        ByteBuf frame = PipelineHarness.frame(request);
        int length = frame.getInt(0);
        assertTrue(length > PipelineHarness.MAX_FRAME - 100 && length <= PipelineHarness.MAX_FRAME, "frame " + length);
        while (frame.isReadable()) {
            byte[] piece = new byte[Math.min(4096, frame.readableBytes())];
            frame.readBytes(piece);
            arrive(channel, piece);
        }
        frame.release();
        RemotingCommand response = PipelineHarness.readResponse(channel);
        assertEquals(5, response.opaque());
        assertEquals(ResponseCode.QUERY_NOT_FOUND, response.code());
        // the measure sees the frame being gathered, within twice the frame
        assertTrue(peak > PipelineHarness.MAX_FRAME / 2 && peak <= 2 * (PipelineHarness.MAX_FRAME + 4), "held " + peak);
        channel.finishAndReleaseAll();
        assertEquals(0, allocator.metric().usedHeapMemory(), "every piece released once its frame was decoded");
    }
}
