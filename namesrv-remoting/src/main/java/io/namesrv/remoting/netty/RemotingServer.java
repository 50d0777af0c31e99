package io.namesrv.remoting.netty;

import io.namesrv.core.config.NamesrvConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
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
import java.util.concurrent.TimeUnit;

/** The Netty server: native epoll where the platform has it, pooled buffers, one pipeline per connection. */
public final class RemotingServer {
    private final NamesrvConfig config;
    private final ServerConnectionHandler connectionHandler;
    private final RemotingCommandEncoder encoder = new RemotingCommandEncoder();
    private final boolean epoll = Epoll.isAvailable();
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;

    public RemotingServer(NamesrvConfig config, ServerConnectionHandler connectionHandler) {
        this.config = config;
        this.connectionHandler = connectionHandler;
    }

    /** Binds the listening socket; returns the address it is bound to. */
    public InetSocketAddress start() throws InterruptedException {
        bossGroup = eventLoopGroup(1, "namesrv-boss");
        ioGroup = eventLoopGroup(config.get(NamesrvConfig.SERVER_SELECTOR_THREADS), "namesrv-io");
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
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(
                        new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                        new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS),
                        encoder,
                        new RemotingFrameDecoder(maxFrameLength),
                        connectionHandler);
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
        InetSocketAddress bindTo = new InetSocketAddress(config.get(NamesrvConfig.BIND_ADDRESS),
            config.get(NamesrvConfig.LISTEN_PORT));
        serverChannel = bootstrap.bind(bindTo).sync().channel();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    private EventLoopGroup eventLoopGroup(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name);
        return epoll ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    private Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Stops accepting, closes every connection, and waits for the I/O threads to end. */
    public void close() {
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
