package io.namesrv.remoting.netty;

import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Stops reading a connection's requests while its answers pile up unread (the outbound buffer above
 * the write buffer's high water mark) and resumes once they drain below the low one. The requests
 * already read when the mark was crossed wait here, decoded, instead of being answered: otherwise a
 * read of small requests for large answers (GET_ALL_TOPIC_LIST) would be answered in full past the
 * mark. A client that sends requests but never reads its answers is then no longer read, and the
 * server holds at most the mark, one answer and one read's requests for it. If it stays like that,
 * the idle timeout closes it: nothing is read from it and no write to it completes. One per
 * connection, used on its event loop only.
 */
public final class ReadBackpressure extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ReadBackpressure.class);

    private final Queue<RemotingCommand> waiting = new ArrayDeque<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waiting.isEmpty() && ctx.channel().isWritable()) {
            ctx.fireChannelRead(msg);
        } else {
            waiting.add((RemotingCommand) msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        while (channel.isWritable() && !waiting.isEmpty()) {
            ctx.fireChannelRead(waiting.poll());
        }
        boolean read = channel.isWritable() && waiting.isEmpty();
        if (read != channel.config().isAutoRead()) {
            channel.config().setAutoRead(read);
            log.debug(read ? "Resuming reading from {}: it has read its answers"
                : "Pausing reading from {}: it is not reading its answers", channel.remoteAddress());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // requests of a closed connection are not run: nobody would get their answers
        for (RemotingCommand request; (request = waiting.poll()) != null; ) {
            request.release();
        }
        ctx.fireChannelInactive();
    }
}
