package io.namesrv.dist.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop pipelined GET_ROUTEINFO_BY_TOPIC load: {@code connections} connections, each
 * keeping {@code depth} requests in flight (a random topic each), sending the next one as soon as
 * a response arrives. Responses are matched by opaque (a server may answer out of order); the
 * latency of each response received inside the measurement window is recorded.
 *
 * <p>Everything per request happens on the connection's event loop thread: no locks, and the
 * requests sent for one read batch go out in one pooled buffer, one write and one flush.
 */
final class PipelinedRouteLoad implements AutoCloseable {
    static final int MAX_DEPTH = 1024;
    private static final int RING = 4096;
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final RouteQueryFrames frames;
    private final int depth;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final Map<EventLoop, LatencyStats> perLoop = new ConcurrentHashMap<>();
    private final CountDownLatch drained;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean stopping;

    private PipelinedRouteLoad(RouteQueryFrames frames, int connectionCount, int depth) {
        this.frames = frames;
        this.depth = depth;
        this.drained = new CountDownLatch(connectionCount);
    }

    /** Connects every connection, then starts the load (not yet measured). */
    static PipelinedRouteLoad start(BenchClient client, InetSocketAddress server, RouteQueryFrames frames,
                                    int connectionCount, int depth) throws InterruptedException {
        PipelinedRouteLoad load = new PipelinedRouteLoad(frames, connectionCount, depth);
        try {
            for (int i = 0; i < connectionCount; i++) {
                load.channels.add(client.connect(server, ch -> {
                    Connection connection = load.new Connection(load.perLoop.computeIfAbsent(ch.eventLoop(), l -> new LatencyStats()));
                    load.connections.add(connection);
                    ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME + 4, 0, 4, 0, 4), connection);
                }));
            }
            for (Connection connection : load.connections) {
                connection.start();
            }
        } catch (InterruptedException | RuntimeException e) {
            load.close();
            throw e;
        }
        return load;
    }

    /** From now on responses count. */
    void beginWindow() {
        windowStart = System.nanoTime();
    }

    /** Responses from now on do not count, and no new request is sent. */
    void endWindow() {
        windowEnd = System.nanoTime();
        stopping = true;
    }

    /** Waits (bounded) for the requests in flight, closes the connections, and returns the window's stats. */
    LatencyStats collect(Duration drainTimeout) throws InterruptedException {
        boolean complete = drained.await(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        close();
        LatencyStats total = new LatencyStats();
        for (LatencyStats stats : perLoop.values()) {
            total.mergeRequests(stats);
        }
        if (!complete) {
            long lost = connections.stream().mapToLong(c -> c.inFlight).sum();
            total.error(lost + " requests unanswered " + drainTimeout.toSeconds() + " s after the window");
        }
        total.window(windowEnd - windowStart);
        return total;
    }

    @Override
    public void close() {
        stopping = true;
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** One connection's pipeline end: sends, matches and times its requests. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final LatencyStats stats;
        private final long[] sentAt = new long[RING];
        private final int[] slotOpaque = new int[RING];
        private ChannelHandlerContext ctx;
        /** The requests not yet written, or null. */
        private ByteBuf unsent;
        private int nextOpaque;
        private volatile int inFlight;
        private boolean finished;

        Connection(LatencyStats stats) {
            this.stats = stats;
            Arrays.fill(slotOpaque, -1);
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            ctx = context;
        }

        void start() {
            ctx.executor().execute(() -> {
                for (int i = 0; i < depth; i++) {
                    send();
                }
                flushSent();
            });
        }

        private void send() {
            int opaque;
            do {
                opaque = nextOpaque;
                nextOpaque = (nextOpaque + 1) & Integer.MAX_VALUE;
            } while (slotOpaque[opaque & (RING - 1)] != -1);
            if (unsent == null) {
                unsent = ctx.alloc().ioBuffer(depth * frames.maxFrameLength());
            }
            frames.write(unsent, ThreadLocalRandom.current().nextInt(frames.topicCount()), opaque);
            int slot = opaque & (RING - 1);
            slotOpaque[slot] = opaque;
            sentAt[slot] = System.nanoTime();
            inFlight++;
        }

        private void flushSent() {
            if (unsent != null) {
                ctx.writeAndFlush(unsent, ctx.voidPromise());
                unsent = null;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                long now = System.nanoTime();
                long codeAndOpaque;
                try {
                    codeAndOpaque = ResponseHeaders.codeAndOpaque(frame);
                } catch (RuntimeException e) {
                    stats.error("unreadable response: " + e.getMessage());
                    context.close();
                    return;
                }
                int opaque = ResponseHeaders.opaque(codeAndOpaque);
                int slot = opaque & (RING - 1);
                if (opaque < 0 || slotOpaque[slot] != opaque) {
                    stats.error("response with unknown opaque " + opaque);
                    return;
                }
                slotOpaque[slot] = -1;
                inFlight--;
                int code = ResponseHeaders.code(codeAndOpaque);
                if (code != 0) {
                    stats.error(stats.firstError() == null ? "response code " + code + ": " + ResponseHeaders.headerText(frame) : null);
                } else if (now >= windowStart && now <= windowEnd) {
                    stats.record(now - sentAt[slot], frame.readableBytes() + 4);
                }
                if (!stopping) {
                    send();
                } else if (inFlight == 0) {
                    finish();
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            flushSent();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (unsent != null) {
                unsent.release();
                unsent = null;
            }
            if (!finished && !stopping) {
                stats.error("connection closed by the server with " + inFlight + " requests in flight");
            }
            finish();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            stats.error("connection error: " + cause);
            context.close();
        }

        private void finish() {
            if (!finished) {
                finished = true;
                drained.countDown();
            }
        }
    }
}
