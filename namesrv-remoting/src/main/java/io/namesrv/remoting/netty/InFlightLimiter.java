package io.namesrv.remoting.netty;

import io.namesrv.remoting.handler.RequestDispatcher;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the requests of one connection that the server holds unanswered: queued for a worker, being
 * handled, or answered but not yet taken by the socket. Past the cap a request is answered
 * SYSTEM_BUSY at once, as Apache answers when its worker queue is full, so that one client can
 * neither fill the shared worker queue nor pile up answers it does not read. One per connection;
 * its count is only touched on the connection's event loop (reads, writes and their completions).
 */
public final class InFlightLimiter extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(InFlightLimiter.class);

    private final int max;
    private final RequestDispatcher dispatcher;
    /** One listener for every answer, so counting allocates nothing per request. */
    private final ChannelFutureListener answerWritten = f -> answered(f.channel());
    private int inFlight;
    private long refused;

    public InFlightLimiter(int max, RequestDispatcher dispatcher) {
        this.max = max;
        this.dispatcher = dispatcher;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RemotingCommand command = (RemotingCommand) msg;
        if (command.isResponse() || command.isOneway()) {
            ctx.fireChannelRead(msg);
            return;
        }
        // a refusal is counted too: it is also an answer the socket has yet to take
        if (inFlight++ < max) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (refused++ == 0) {
            log.warn("Connection from {} has {} requests unanswered (serverMaxInFlightPerConnection): answering "
                + "SYSTEM_BUSY until it reads its answers", ctx.channel().remoteAddress(), max);
        }
        dispatcher.refuseBusy(ctx.channel(), command);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof RemotingCommand command && command.isResponse()) {
            // a failed write (the connection closed) completes too, and frees its place
            ctx.write(msg, promise.unvoid().addListener(answerWritten));
        } else {
            ctx.write(msg, promise);
        }
    }

    private void answered(Channel connection) {
        inFlight--;
        if (refused > 0 && inFlight < max) {
            log.info("Connection from {} is served again; {} requests were answered SYSTEM_BUSY",
                connection.remoteAddress(), refused);
            refused = 0;
        }
    }
}
