package io.namesrv.dist.bench;

import io.namesrv.remoting.netty.RemotingCommandEncoder;
import io.namesrv.remoting.netty.RemotingFrameDecoder;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake brokers' one connection to a name server: request/response calls (registrations,
 * checks) decoded with our own codec, and a BROKER_HEARTBEAT for each broker every few seconds.
 * It stays open for the whole run: a name server unregisters the brokers of a closed connection.
 */
public final class BrokerConnection implements AutoCloseable {
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);

    private final Channel channel;
    private final Map<Integer, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger opaques = new AtomicInteger(1);
    private final AtomicLong heartbeatFailures = new AtomicLong();
    private volatile ScheduledFuture<?> heartbeats;

    /** A response and when it arrived (System.nanoTime on the event loop). */
    public record Reply(RemotingCommand response, long receivedAtNanos) {
    }

    private BrokerConnection(BenchClient client, InetSocketAddress server) throws InterruptedException {
        this.channel = client.connectBroker(server, ch -> ch.pipeline().addLast(
            new RemotingFrameDecoder(MAX_FRAME), new RemotingCommandEncoder(), new ResponseHandler()));
    }

    public static BrokerConnection open(BenchClient client, InetSocketAddress server) throws InterruptedException {
        return new BrokerConnection(client, server);
    }

    int nextOpaque() {
        return opaques.getAndIncrement() & Integer.MAX_VALUE;
    }

    /** Sends {@code request} (opaque set here) and waits for its response. */
    public Reply call(RemotingCommand request, Duration timeout) throws InterruptedException {
        int opaque = nextOpaque();
        request.opaque(opaque);
        CompletableFuture<Reply> reply = expect(opaque);
        channel.writeAndFlush(request);
        return await(reply, opaque, timeout);
    }

    /**
     * The route of {@code topic} as Apache's client decodes it, asked on this connection: a check
     * that the server holds what was registered. Fails when it answers no route.
     */
    TopicRouteData route(String topic, int clientVersion, Duration timeout) throws InterruptedException {
        RemotingCommand request = RemotingCommand.request(RouteQueryFrames.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic))
            .version(clientVersion);
        RemotingCommand response = call(request, timeout).response();
        if (response.code() != 0 || response.body() == null) {
            throw new IllegalStateException("no route for " + topic + ": code " + response.code() + " " + response.remark());
        }
        return TopicRouteData.decode(response.body(), TopicRouteData.class);
    }

    /** Sends a pre-encoded frame whose opaque is {@code opaque}; returns the reply and the send time. */
    Reply callFrame(ByteBuf frame, int opaque, Duration timeout, long[] sentAtNanos) throws InterruptedException {
        CompletableFuture<Reply> reply = expect(opaque);
        sentAtNanos[0] = System.nanoTime();
        channel.writeAndFlush(frame);
        return await(reply, opaque, timeout);
    }

    /** Heartbeats every broker in {@code brokers} every 10 s from now on. */
    void startHeartbeats(List<BrokerIdentity> brokers, long heartbeatTimeoutMillis, int clientVersion) {
        long every = HEARTBEAT_EVERY.toMillis();
        heartbeats = channel.eventLoop().scheduleAtFixedRate(() -> {
            for (BrokerIdentity broker : brokers) {
                channel.write(RegistrationFrames.heartbeatFrame(channel.alloc(), broker, nextOpaque(), heartbeatTimeoutMillis,
                    clientVersion));
            }
            channel.flush();
        }, every, every, TimeUnit.MILLISECONDS);
    }

    long heartbeatFailures() {
        return heartbeatFailures.get();
    }

    private CompletableFuture<Reply> expect(int opaque) {
        if (!channel.isActive()) {
            throw new IllegalStateException("the broker connection " + channel + " is closed");
        }
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(opaque, reply);
        return reply;
    }

    private Reply await(CompletableFuture<Reply> reply, int opaque, Duration timeout) throws InterruptedException {
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no response within " + timeout.toSeconds() + " s (opaque " + opaque + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException("request failed: " + e.getCause(), e.getCause());
        } finally {
            pending.remove(opaque);
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> h = heartbeats;
        if (h != null) {
            h.cancel(false);
        }
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<RemotingCommand> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand response) {
            long now = System.nanoTime();
            CompletableFuture<Reply> reply = pending.remove(response.opaque());
            if (reply != null) {
                reply.complete(new Reply(response, now));
            } else if (response.code() != 0) {
                heartbeatFailures.incrementAndGet();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            IllegalStateException closed = new IllegalStateException("the name server closed the broker connection");
            pending.values().forEach(f -> f.completeExceptionally(closed));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            pending.values().forEach(f -> f.completeExceptionally(cause));
            ctx.close();
        }
    }
}
