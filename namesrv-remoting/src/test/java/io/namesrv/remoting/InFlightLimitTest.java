package io.namesrv.remoting;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;

import static io.namesrv.remoting.PipelineHarness.frame;
import static io.namesrv.remoting.PipelineHarness.readResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The cap on requests one connection has unanswered: past it a request is answered SYSTEM_BUSY at
 * once with Apache's remark, and a place is free again as soon as an answer is written.
 */
class InFlightLimitTest {
    private static final int CAP = 3;
    private static final String OVERLOAD_REMARK = "[OVERLOAD]system busy, start flow control for a while";

    /** Writes wait here until the test runs them: they are the requests in flight. */
    private final Queue<Runnable> workerQueue = new ArrayDeque<>();
    private final PipelineHarness harness = new PipelineHarness(Map.of(
        NamesrvConfig.SERVER_MAX_IN_FLIGHT_PER_CONNECTION.name(), Integer.toString(CAP)), workerQueue::add);

    @AfterEach
    void close() {
        harness.close();
    }

    private static RemotingCommand put(int opaque) {
        return RemotingCommand.request(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "ns", "key", "k" + opaque,
            "value", "v")).opaque(opaque);
    }

    private static void send(EmbeddedChannel channel, RemotingCommand... requests) {
        ByteBuf pipelined = Unpooled.buffer();
        for (RemotingCommand request : requests) {
            ByteBuf one = frame(request);
            pipelined.writeBytes(one);
            one.release();
        }
        channel.writeInbound(pipelined);
    }

    private void runWorkers() {
        for (Runnable task; (task = workerQueue.poll()) != null; ) {
            task.run();
        }
    }

    @Test
    void requestsPastTheCapAreAnsweredBusyAtOnce() {
        EmbeddedChannel channel = harness.channel();
        send(channel, put(1), put(2), put(3), put(4), put(5));
        for (int opaque : new int[] {4, 5}) {
            RemotingCommand busy = readResponse(channel);
            assertEquals(opaque, busy.opaque());
            assertEquals(ResponseCode.SYSTEM_BUSY, busy.code());
            assertEquals(OVERLOAD_REMARK, busy.remark());
        }
        assertNull(readResponse(channel), "the first three wait for a worker");
        assertEquals(CAP, workerQueue.size());
        assertEquals(2L, harness.dispatcher.metrics().servedByCode().get(Integer.toString(RequestCode.PUT_KV_CONFIG)),
            "the refusals are counted as answers");

        runWorkers();
        for (int opaque = 1; opaque <= CAP; opaque++) {
            RemotingCommand answer = readResponse(channel);
            assertEquals(opaque, answer.opaque());
            assertEquals(ResponseCode.SUCCESS, answer.code());
        }
    }

    @Test
    void aWrittenAnswerFreesItsPlace() {
        EmbeddedChannel channel = harness.channel();
        send(channel, put(1), put(2), put(3));
        runWorkers();
        for (int i = 0; i < CAP; i++) {
            assertEquals(ResponseCode.SUCCESS, readResponse(channel).code());
        }
        send(channel, put(4), put(5), put(6));
        assertNull(readResponse(channel), "nothing refused: the first three were answered");
        assertEquals(CAP, workerQueue.size());
        runWorkers();
    }

    @Test
    void onewayRequestsAndReadsOnOtherConnectionsAreNotHeldBack() {
        EmbeddedChannel full = harness.channel();
        send(full, put(1), put(2), put(3));
        send(full, put(4).markOneway());
        assertNull(readResponse(full), "a oneway request is never answered, not even SYSTEM_BUSY");
        assertEquals(CAP + 1, workerQueue.size());

        EmbeddedChannel other = harness.channel();
        RemotingCommand answer = PipelineHarness.exchange(other,
            RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null).opaque(9));
        assertEquals(ResponseCode.SUCCESS, answer.code());
        runWorkers();
    }
}
