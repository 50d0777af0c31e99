package io.namesrv.remoting;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A large request body stays in the buffers it was read into until its request is done with: a
 * broker's registration of 1,000 topics (about 160 KB, well above the 64 KiB from which bodies are
 * held) is answered as one in an array is, and its buffers are freed on every way a request can
 * end: answered, refused as busy by the connection's cap or by a full worker queue, ignored as a
 * response, or dropped with its closed connection. The frames arrive in buffers of the channel's
 * allocator, as socket reads do, whose count of the bytes held must come back to zero.
 */
class HeldBodyTest {
    private static final String BROKER = "127.0.0.1:10911";
    private static final int TOPICS = 1_000;
    private static final int READ = 64 * 1024;

    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
    private final Queue<Runnable> workerQueue = new ArrayDeque<>();
    private PipelineHarness harness;
    private int opaque;

    @AfterEach
    void close() {
        harness.close();
    }

    private EmbeddedChannel channel(int maxInFlight, Executor workers) {
        harness = new PipelineHarness(Map.of(NamesrvConfig.FRAME_MAX_LENGTH.name(), Integer.toString(1 << 20),
            NamesrvConfig.SERVER_MAX_IN_FLIGHT_PER_CONNECTION.name(), Integer.toString(maxInFlight)), workers);
        EmbeddedChannel channel = harness.channel();
        channel.config().setAllocator(allocator);
        return channel;
    }

    private long held() {
        return allocator.metric().usedHeapMemory() + allocator.metric().usedDirectMemory();
    }

    @Test
    void registrationsHeldInReadBuffersAreAnsweredAsAnyAndFreed() {
        EmbeddedChannel channel = channel(16, Runnable::run);
        for (long counter = 1; counter <= 3; counter++) {
            arrive(channel, registration(counter, 6, true));
            assertEquals(ResponseCode.SUCCESS, PipelineHarness.readResponse(channel).code());
            assertEquals(0, held(), "after registration " + counter);
        }
        assertEquals(6, route(channel, "topic-999").getQueueDatas().get(0).getPerm());

        arrive(channel, registration(4, 4, true));
        assertEquals(ResponseCode.SUCCESS, PipelineHarness.readResponse(channel).code());
        assertEquals(4, route(channel, "topic-999").getQueueDatas().get(0).getPerm(), "a changed table is read again");

        // a wrong CRC is refused whether the table is new (6) or repeats the last one (4)
        for (int perm : new int[] {6, 4}) {
            arrive(channel, registration(5, perm, false));
            RemotingCommand refused = PipelineHarness.readResponse(channel);
            assertEquals(ResponseCode.SYSTEM_ERROR, refused.code(), "perm " + perm);
            assertEquals("crc32 not match", refused.remark());
            assertEquals(0, held());
            assertEquals(4, route(channel, "topic-999").getQueueDatas().get(0).getPerm());
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void aRequestRefusedByTheConnectionsCapIsFreedAtOnceAndTheQueuedOneWhenItRuns() {
        EmbeddedChannel channel = channel(1, workerQueue::add);
        arrive(channel, registration(1, 6, true));
        long queued = held();
        arrive(channel, registration(2, 6, true));
        assertEquals(ResponseCode.SYSTEM_BUSY, PipelineHarness.readResponse(channel).code());
        assertEquals(queued, held(), "the refused one freed, the queued one still held");

        workerQueue.poll().run();
        channel.runPendingTasks();
        assertEquals(ResponseCode.SUCCESS, PipelineHarness.readResponse(channel).code());
        assertEquals(0, held());
        channel.finishAndReleaseAll();
    }

    @Test
    void aRequestRefusedByAFullWorkerQueueIsFreed() {
        EmbeddedChannel channel = channel(16, task -> {
            throw new RejectedExecutionException("full");
        });
        arrive(channel, registration(1, 6, true));
        assertEquals(ResponseCode.SYSTEM_BUSY, PipelineHarness.readResponse(channel).code());
        assertEquals(0, held());
        channel.finishAndReleaseAll();
    }

    @Test
    void aResponseWithALargeBodyIsIgnoredAndFreed() {
        EmbeddedChannel channel = channel(16, Runnable::run);
        RemotingCommand response = RemotingCommand.responseTo(RemotingCommand.request(RequestCode.GET_KV_CONFIG, null),
            ResponseCode.SUCCESS, null).body(new byte[200_000]);
        arrive(channel, frame(response));
        assertNull(PipelineHarness.readResponse(channel));
        assertEquals(0, held());
        channel.finishAndReleaseAll();
    }

    @Test
    void requestsWaitingForAClientThatDoesNotReadAreFreedWhenItCloses() {
        EmbeddedChannel channel = channel(16, Runnable::run);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
        // an answer the client has not taken: the connection is not writable, requests wait
        channel.write(Unpooled.wrappedBuffer(new byte[16]));
        assertFalse(channel.isWritable());
        arrive(channel, registration(1, 6, true));
        arrive(channel, registration(2, 6, true));
        assertNull(PipelineHarness.readResponse(channel));

        channel.close();
        assertEquals(0, held());
        channel.finishAndReleaseAll();
    }

    private TopicRouteData route(EmbeddedChannel channel, String topic) {
        RemotingCommand response = PipelineHarness.exchange(channel,
            RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic)).opaque(++opaque));
        assertEquals(ResponseCode.SUCCESS, response.code(), topic);
        return TopicRouteData.decode(response.body(), TopicRouteData.class);
    }

    /** A 5.4.0 broker's registration of {@link #TOPICS} topics with permission {@code perm}, its CRC right or not. */
    private byte[] registration(long counter, int perm, boolean rightCrc) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        DataVersion version = new DataVersion();
        version.setTimestamp(1_000);
        version.setCounter(new AtomicLong(counter));
        wrapper.setDataVersion(version);
        for (int i = 0; i < TOPICS; i++) {
            wrapper.getTopicConfigTable().put("topic-" + i, new TopicConfig("topic-" + i, 8, 8, perm));
        }
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        byte[] bytes = body.encode(false);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        int crc32 = (int) (crc.getValue() & 0x7FFFFFFF);
        Map<String, String> header = new HashMap<>(Map.of("brokerName", "broker-a", "brokerAddr", BROKER,
            "clusterName", "DefaultCluster", "haServerAddr", "127.0.0.1:10912", "brokerId", "0",
            "compressed", "false", "bodyCrc32", Integer.toString(rightCrc ? crc32 : crc32 ^ 1)));
        return frame(RemotingCommand.request(RequestCode.REGISTER_BROKER, header).version(RemotingCommand.SERVER_VERSION)
            .opaque(++opaque).body(bytes));
    }

    private static byte[] frame(RemotingCommand command) {
        ByteBuf frame = PipelineHarness.frame(command);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        return bytes;
    }

    /** Delivers the frame in reads of at most 64 KiB, each in a buffer of the channel's allocator. */
    private void arrive(EmbeddedChannel channel, byte[] frame) {
        for (int offset = 0; offset < frame.length; offset += READ) {
            int length = Math.min(READ, frame.length - offset);
            channel.writeInbound(allocator.heapBuffer(length, length).writeBytes(frame, offset, length));
        }
    }
}
