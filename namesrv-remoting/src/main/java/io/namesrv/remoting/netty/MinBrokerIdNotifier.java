package io.namesrv.remoting.netty;

import io.namesrv.core.route.MinBrokerIdChange;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
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
import java.util.function.Consumer;

/**
 * Tells a broker group's members that its lowest broker id changed, with a oneway
 * NOTIFY_MIN_BROKER_ID_CHANGE to each, as Apache's name server does when
 * {@code notifyMinBrokerIdChanged} is on. Connections to brokers are opened on first use and kept.
 */
public final class MinBrokerIdNotifier implements Consumer<MinBrokerIdChange>, AutoCloseable {
    public static final int NOTIFY_MIN_BROKER_ID_CHANGE = 905;
    private static final Logger log = LoggerFactory.getLogger(MinBrokerIdNotifier.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("namesrv-notify"));
    private final Bootstrap bootstrap;
    private final Map<String, ChannelFuture> connections = new ConcurrentHashMap<>();
    private final AtomicInteger opaque = new AtomicInteger();

    public MinBrokerIdNotifier(int maxFrameLength) {
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

    @Override
    public void accept(MinBrokerIdChange change) {
        RemotingCommand notice = RemotingCommand.request(NOTIFY_MIN_BROKER_ID_CHANGE, null)
            .extField("minBrokerId", Long.toString(change.minBrokerId()))
            .extField("minBrokerAddr", change.minBrokerAddr())
            .extField("offlineBrokerAddr", change.offlineBrokerAddr())
            .extField("haBrokerAddr", change.haBrokerAddr())
            .version(RemotingCommand.SERVER_VERSION)
            .markOneway();
        log.info("Lowest broker id of {} is now {} ({}); telling {}", change.brokerName(), change.minBrokerId(),
            change.minBrokerAddr(), change.recipients().values());
        for (String brokerAddr : change.recipients().values()) {
            send(brokerAddr, notice);
        }
    }

    private void send(String brokerAddr, RemotingCommand notice) {
        ChannelFuture connection = connections.compute(brokerAddr, (addr, existing) ->
            existing != null && (!existing.isDone() || existing.channel().isActive()) ? existing : connect(addr));
        connection.addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("Could not tell broker {} of the lowest broker id change: {}", brokerAddr, f.cause().toString());
                connections.remove(brokerAddr, connection);
                return;
            }
            Channel channel = connection.channel();
            channel.writeAndFlush(copyWithOpaque(notice, opaque.incrementAndGet()));
        });
    }

    private ChannelFuture connect(String brokerAddr) {
        int colon = brokerAddr.lastIndexOf(':');
        return bootstrap.connect(brokerAddr.substring(0, colon), Integer.parseInt(brokerAddr.substring(colon + 1)));
    }

    private static RemotingCommand copyWithOpaque(RemotingCommand notice, int id) {
        return RemotingCommand.request(notice.code(), notice.extFields()).version(notice.version()).flag(notice.flag())
            .opaque(id);
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
