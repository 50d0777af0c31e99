package io.namesrv.remoting.netty;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.ConfigKey;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.remoting.handler.RequestDispatcher;
import io.namesrv.remoting.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.TimeUnit;

/**
 * The Netty server: native epoll where the platform has it, pooled buffers, one pipeline per
 * connection, and the overload limits: open connections, requests in flight per connection, and
 * no reading from a connection that does not read its answers; TLS, when on, first of all.
 */
public final class RemotingServer {
    private final NamesrvConfig config;
    private final int port;
    /** Prefix of the thread names: which server the threads serve. */
    private final String name;
    private final RequestDispatcher dispatcher;
    private final ServerConnectionHandler connectionHandler;
    private final RemotingCommandEncoder encoder = new RemotingCommandEncoder();
    private final ConnectionLimiter connections;
    private final int maxInFlight;
    private final WriteBufferWaterMark waterMark;
    private final ServerTls tls;
    private final boolean epoll = Epoll.isAvailable();
    private final int ioThreads;
    private final int cpus = Runtime.getRuntime().availableProcessors();
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;

    /**
     * @param port where to listen on {@code bindAddress}, 0 for any free port
     * @param dispatcher the one {@code connectionHandler} dispatches to: it answers the requests past the in-flight cap
     */
    public RemotingServer(NamesrvConfig config, int port, String name, RequestDispatcher dispatcher,
                          ServerConnectionHandler connectionHandler) {
        this.config = config;
        this.port = port;
        this.name = name;
        this.dispatcher = dispatcher;
        this.connectionHandler = connectionHandler;
        this.connections = new ConnectionLimiter(positive(config, NamesrvConfig.SERVER_MAX_CONNECTIONS));
        this.maxInFlight = positive(config, NamesrvConfig.SERVER_MAX_IN_FLIGHT_PER_CONNECTION);
        this.waterMark = writeBufferWaterMark(config);
        this.tls = ServerTls.from(config);
        this.ioThreads = positive(config, NamesrvConfig.SERVER_SELECTOR_THREADS);
    }

    /** Binds the listening socket; returns the address it is bound to. */
    public InetSocketAddress start() throws InterruptedException {
        bossGroup = eventLoopGroup(1, name + "-boss", DefaultSelectStrategyFactory.INSTANCE);
        ioGroup = eventLoopGroup(ioThreads, name + "-io",
            ioThreadsYield() ? YieldingSelectStrategy.FACTORY : DefaultSelectStrategyFactory.INSTANCE);
        int maxFrameLength = config.get(NamesrvConfig.FRAME_MAX_LENGTH);
        int idleSeconds = config.get(NamesrvConfig.SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS);
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(bossGroup, ioGroup)
            .channel(serverChannelClass())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, false)
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (!connections.admit(ch)) {
                        return;
                    }
                    ch.pipeline().addLast(
                        new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                        new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS),
                        encoder,
                        new RemotingFrameDecoder(maxFrameLength),
                        new ReadBackpressure(),
                        new InFlightLimiter(maxInFlight, dispatcher),
                        connectionHandler);
                    tls.install(ch.pipeline());
                }
            });
        int sendBuffer = config.get(NamesrvConfig.SERVER_SOCKET_SND_BUF_SIZE);
        if (sendBuffer > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, sendBuffer);
        }
        int receiveBuffer = config.get(NamesrvConfig.SERVER_SOCKET_RCV_BUF_SIZE);
        if (receiveBuffer > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, receiveBuffer);
        }
        InetSocketAddress bindTo = new InetSocketAddress(config.get(NamesrvConfig.BIND_ADDRESS), port);
        serverChannel = bootstrap.bind(bindTo).sync().channel();
        tls.watchFiles();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** A cap of 0 would refuse every connection or request: refused at start, not discovered in production. */
    private static int positive(NamesrvConfig config, ConfigKey<Integer> key) {
        int value = config.get(key);
        if (value < 1) {
            throw new ConfigException(key.name() + " must be at least 1, not " + value);
        }
        return value;
    }

    private static WriteBufferWaterMark writeBufferWaterMark(NamesrvConfig config) {
        int high = config.get(NamesrvConfig.WRITE_BUFFER_HIGH_WATER_MARK);
        int low = config.get(NamesrvConfig.WRITE_BUFFER_LOW_WATER_MARK);
        if (low <= 0 || low > high) {
            throw new ConfigException("writeBufferLowWaterMark (" + low + ") must be above 0 and at most "
                + "writeBufferHighWaterMark (" + high + ")");
        }
        return new WriteBufferWaterMark(low, high);
    }

    /** Connections open now. */
    public int openConnections() {
        return connections.openConnections();
    }

    /** Bytes of answers written but not yet taken by the sockets, over every open connection. */
    public long pendingOutboundBytes() {
        return connections.pendingOutboundBytes();
    }

    /** The transport and its I/O threads, for the start-up line. */
    public String transport() {
        return (epoll ? "epoll" : "nio") + " (" + ioThreads + " I/O threads on " + cpus + " CPUs"
            + (ioThreadsYield() ? ", yielding between turns)" : ")");
    }

    /** Threads that time-share the CPUs yield between turns: see {@link YieldingSelectStrategy}. */
    private boolean ioThreadsYield() {
        return ioThreads > cpus;
    }

    private EventLoopGroup eventLoopGroup(int threads, String name, SelectStrategyFactory selectStrategy) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name);
        return epoll
            ? new EpollEventLoopGroup(threads, factory, selectStrategy)
            : new NioEventLoopGroup(threads, factory, SelectorProvider.provider(), selectStrategy);
    }

    private Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Stops accepting, closes every connection, and waits for the I/O threads to end. */
    public void close() {
        tls.close();
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
