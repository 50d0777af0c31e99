package io.namesrv.remoting.netty;

import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends oneway requests to brokers (notices the server tells them, nothing waits for an answer).
 * Connections are opened on first use and kept.
 */
public final class OnewaySender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnewaySender.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<String, ChannelFuture> connections = new ConcurrentHashMap<>();
    private final AtomicInteger opaque = new AtomicInteger();

    public OnewaySender(String threadName, int maxFrameLength) {
        group = new NioEventLoopGroup(1, new DefaultThreadFactory(threadName));
        RemotingCommandEncoder encoder = new RemotingCommandEncoder();
        bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(encoder, new RemotingFrameDecoder(maxFrameLength), new DiscardReplies());
                }
            });
    }

    /** Sends a copy of {@code notice} (its own opaque) to {@code brokerAddr}; a failure is logged. */
    public void send(String brokerAddr, RemotingCommand notice) {
        ChannelFuture connection = connections.compute(brokerAddr, (addr, existing) ->
            existing != null && (!existing.isDone() || existing.channel().isActive()) ? existing : connect(addr));
        connection.addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("Could not send request code {} to broker {}: {}", notice.code(), brokerAddr, f.cause().toString());
                connections.remove(brokerAddr, connection);
                return;
            }
            connection.channel().writeAndFlush(copyWithOpaque(notice, opaque.incrementAndGet()));
        });
    }

    private ChannelFuture connect(String brokerAddr) {
        int colon = brokerAddr.lastIndexOf(':');
        return bootstrap.connect(brokerAddr.substring(0, colon), Integer.parseInt(brokerAddr.substring(colon + 1)));
    }

    private static RemotingCommand copyWithOpaque(RemotingCommand notice, int id) {
        return RemotingCommand.request(notice.code(), notice.extFields()).version(notice.version()).flag(notice.flag())
            .body(notice.body()).opaque(id);
    }

    @Override
    public void close() {
        connections.values().forEach(f -> f.channel().close());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A broker may answer anyway; nothing waits for it. */
    private static final class DiscardReplies extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            // oneway notices: no reply is expected
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("Connection to broker {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
