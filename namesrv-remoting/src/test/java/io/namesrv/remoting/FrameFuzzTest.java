package io.namesrv.remoting;

import ch.qos.logback.classic.Level;
import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.remoting.netty.RemotingFrameDecoder;
import io.namesrv.remoting.netty.ServerConnectionHandler;
import io.namesrv.remoting.protocol.FrameFormatException;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random hostile input through the server's real decoding pipeline: each input on its own
 * connection, cut into random pieces. What must hold for every one: nothing escapes the pipeline;
 * a connection is closed only for a broken frame (a FrameFormatException, or Netty's own refusal of
 * a bad length), with a log line; every request that decodes is answered exactly once, in order,
 * with its opaque; a request whose frame is whole but whose body is broken is answered and keeps its
 * connection; no handler fails unexpectedly (no ERROR line); and a connection open beside them all
 * keeps being served.
 *
 * <p>{@code -Dfuzz.inputs=N} (default {@value #CI_INPUTS}) and {@code -Dfuzz.seed=S} change the run;
 * a failure names the seed and the case, which replays it.
 */
class FrameFuzzTest {
    private static final int CI_INPUTS = 30_000;
    private static final long CI_SEED = 20261201L;

    private final PipelineHarness harness = new PipelineHarness();
    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.of("io.namesrv");
    }

    @AfterEach
    void close() {
        logs.close();
        harness.close();
    }

    @Test
    void hostileFramesCloseOnlyTheirConnectionOrAreAnswered() {
        int inputs = Integer.getInteger("fuzz.inputs", CI_INPUTS);
        long seed = Long.getLong("fuzz.seed", CI_SEED);
        FrameMutator mutator = new FrameMutator(FuzzSeeds.all(PipelineHarness.MAX_FRAME), PipelineHarness.MAX_FRAME);
        EmbeddedChannel bystander = harness.channel();
        Map<FrameMutator.Kind, int[]> outcomes = new EnumMap<>(FrameMutator.Kind.class);
        long started = System.nanoTime();
        long startedCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (int n = 0; n < inputs; n++) {
            Random random = new Random(seed * 1_000_003L + n);
            FrameMutator.Input input = mutator.next(random);
            int index = n;
            // built only for a failure: a run makes tens of thousands
            Supplier<String> where = () -> "seed " + seed + ", case " + index + " (" + input.kind() + " of "
                + input.seed() + "): " + ByteBufUtil.hexDump(input.bytes(), 0, Math.min(input.bytes().length, 256));
            boolean closed = check(input, random, where);
            outcomes.computeIfAbsent(input.kind(), k -> new int[2])[closed ? 1 : 0]++;
            assertServed(bystander, n, where);
            logs.clear();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long cpuMillis = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - startedCpu) / 1_000_000;
        assertTrue(bystander.isOpen());
        bystander.finishAndReleaseAll();
        StringBuilder summary = new StringBuilder();
        outcomes.forEach((kind, counts) -> summary.append(' ').append(kind).append('=').append(counts[0])
            .append(" kept/").append(counts[1]).append(" closed"));
        System.out.printf("FrameFuzzTest: %d inputs (seed %d) in %d ms (%d ms of CPU):%s%n", inputs, seed, millis,
            cpuMillis, summary);
    }

    /** Runs one input on a fresh connection; returns whether the connection was closed. */
    private boolean check(FrameMutator.Input input, Random random, Supplier<String> where) {
        EmbeddedChannel channel = harness.channel();
        Probe probe = new Probe();
        channel.pipeline().addAfter(channel.pipeline().context(RemotingFrameDecoder.class).name(), "probe", probe);
        byte[] bytes = input.bytes();
        try {
            for (int at = 0; at < bytes.length && channel.isOpen(); ) {
                int piece = 1 + random.nextInt(Math.max(1, bytes.length - at));
                channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(piece, bytes.length - at)));
                at += piece;
            }
        } catch (Throwable escaped) {
            fail("an exception escaped the pipeline: " + escaped + "; " + where.get(), escaped);
        }
        boolean closed = !channel.isOpen();
        assertAnsweredInOrder(channel, probe.requests, where);
        for (Throwable cause : probe.failures) {
            if (!isFrameRefusal(cause)) {
                fail("a connection was closed for something other than a broken frame: " + cause + "; " + where.get(),
                    cause);
            }
        }
        assertEquals(!probe.failures.isEmpty(), closed, () -> "closed if and only if a frame was broken; " + where.get());
        assertEquals(probe.failures.size(), logs.count(ServerConnectionHandler.class, Level.WARN, "broken frame"),
            () -> "one log line per broken frame; " + where.get());
        if (input.kind() == FrameMutator.Kind.BREAK_BODY) {
            assertTrue(!closed && probe.requests.size() == 1, () -> "a whole frame with a broken body is answered and "
                + "keeps its connection; " + where.get());
        }
        assertEquals(List.of(), logs.errors(), () -> "no handler failed unexpectedly; " + where.get());
        try {
            channel.finishAndReleaseAll();
        } catch (Throwable escaped) {
            fail("an exception escaped the pipeline as the connection closed: " + escaped + "; " + where.get(), escaped);
        }
        return closed;
    }

    /** What only a frame that cannot be read may raise: our decoder's refusal, or Netty's of the length. */
    private static boolean isFrameRefusal(Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
            return true;
        }
        return cause instanceof DecoderException && cause.getCause() instanceof FrameFormatException;
    }

    private static void assertAnsweredInOrder(EmbeddedChannel channel, List<RemotingCommand> requests,
                                              Supplier<String> where) {
        for (RemotingCommand request : requests) {
            if (request.isOneway()) {
                continue;
            }
            RemotingCommand response = PipelineHarness.readResponse(channel);
            assertTrue(response != null && response.isResponse() && response.opaque() == request.opaque(),
                () -> "request " + request + " answered by " + response + "; " + where.get());
        }
        RemotingCommand extra = PipelineHarness.readResponse(channel);
        assertNull(extra, () -> "an answer nobody asked for; " + where.get());
    }

    private static void assertServed(EmbeddedChannel bystander, int n, Supplier<String> where) {
        RemotingCommand response = PipelineHarness.exchange(bystander,
            RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null).opaque(n));
        assertTrue(response != null && response.code() == ResponseCode.SUCCESS && response.opaque() == n,
            () -> "the connection beside it is still served; after " + where.get());
    }

    /** Sees what the frame decoder hands on: the requests that decoded and what failed. */
    private static final class Probe extends ChannelInboundHandlerAdapter {
        final List<RemotingCommand> requests = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            RemotingCommand command = (RemotingCommand) msg;
            if (!command.isResponse()) {
                requests.add(command);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.add(cause);
            ctx.fireExceptionCaught(cause);
        }
    }
}
