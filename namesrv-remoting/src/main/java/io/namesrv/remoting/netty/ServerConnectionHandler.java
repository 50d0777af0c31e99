package io.namesrv.remoting.netty;

import io.namesrv.remoting.handler.RequestDispatcher;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The end of the pipeline: requests go to the dispatcher; a broken frame, an I/O error, a failed TLS
 * handshake or an idle connection closes it; a closed connection is reported so its brokers can be
 * unregistered.
 */
@ChannelHandler.Sharable
public final class ServerConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ServerConnectionHandler.class);

    private final RequestDispatcher dispatcher;
    private final Consumer<Channel> onClose;

    public ServerConnectionHandler(RequestDispatcher dispatcher, Consumer<Channel> onClose) {
        this.dispatcher = dispatcher;
        this.onClose = onClose;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RemotingCommand command = (RemotingCommand) msg;
        if (command.isResponse()) {
            log.debug("Ignoring a response (opaque {}) from {}: this server sends no requests", command.opaque(),
                ctx.channel().remoteAddress());
            return;
        }
        dispatcher.dispatch(ctx.channel(), command);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        log.debug("Connection from {} closed", ctx.channel().remoteAddress());
        onClose.accept(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            log.info("Closing idle connection from {}", ctx.channel().remoteAddress());
            ctx.close();
        } else if (event instanceof SslHandshakeCompletionEvent handshake) {
            // the one report of a failed handshake: a timeout reaches no exceptionCaught
            if (handshake.isSuccess()) {
                log.debug("TLS connection from {}: {}", ctx.channel().remoteAddress(),
                    ctx.pipeline().get(SslHandler.class).engine().getSession().getProtocol());
            } else {
                log.warn("Closing connection from {}: TLS handshake failed: {}", ctx.channel().remoteAddress(),
                    handshake.cause().getMessage());
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (tlsHandshakeFailed(ctx)) {
            log.debug("Closing connection from {} after its failed TLS handshake: {}", ctx.channel().remoteAddress(),
                cause.getMessage());
        } else if (cause instanceof DecoderException) {
            Throwable reason = cause.getCause() == null ? cause : cause.getCause();
            log.warn("Closing connection from {}: broken frame: {}", ctx.channel().remoteAddress(), reason.getMessage());
        } else if (cause instanceof IOException) {
            log.info("Closing connection from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            log.warn("Closing connection from {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private static boolean tlsHandshakeFailed(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        return tls != null && tls.handshakeFuture().isDone() && !tls.handshakeFuture().isSuccess();
    }
}
