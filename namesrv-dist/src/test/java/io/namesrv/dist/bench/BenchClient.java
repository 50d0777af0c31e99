package io.namesrv.dist.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The load generator's network side: one Netty event loop group of two threads for the clients'
 * connections and one of a single thread for the fake brokers', native epoll where the platform
 * has it (the load generator shares the machine with the server it measures: what it saves, the
 * server gets), pooled buffers, TCP_NODELAY. Connects only to loopback addresses.
 *
 * <p>The brokers have a loop of their own because a broker is not the process its producers and
 * consumers run in: on loopback the kernel delivers a write to the receiving socket within the
 * write, so each 1.7 MB registration sent from a shared loop held up the route responses of that
 * loop's connections, and counted as the server's latency, the more so the more registrations a
 * server takes in a storm.
 */
public final class BenchClient implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int CLIENT_THREADS = 2;

    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup clients = group(CLIENT_THREADS, "bench-client");
    private final EventLoopGroup brokers = group(1, "bench-broker");

    private EventLoopGroup group(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return epoll ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    /** Connects a client to {@code address} (a loopback address) with the pipeline {@code init} sets up. */
    public Channel connect(InetSocketAddress address, Consumer<Channel> init) throws InterruptedException {
        return connect(clients, address, init);
    }

    /** As {@link #connect}, for a fake broker: on the brokers' own event loop. */
    public Channel connectBroker(InetSocketAddress address, Consumer<Channel> init) throws InterruptedException {
        return connect(brokers, address, init);
    }

    private Channel connect(EventLoopGroup group, InetSocketAddress address, Consumer<Channel> init)
        throws InterruptedException {
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the load client only talks to loopback, not " + address);
        }
        Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, false)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    init.accept(ch);
                }
            });
        ChannelFuture future = bootstrap.connect(address);
        if (!future.await(CONNECT_TIMEOUT_MILLIS + 1_000L, TimeUnit.MILLISECONDS)) {
            future.cancel(true);
            throw new IllegalStateException("connect to " + address + " timed out");
        }
        if (!future.isSuccess()) {
            throw new IllegalStateException("cannot connect to " + address, future.cause());
        }
        return future.channel();
    }

    @Override
    public void close() {
        for (EventLoopGroup group : new EventLoopGroup[] {clients, brokers}) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
