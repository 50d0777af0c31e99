package io.namesrv.remoting.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops reading a connection's requests while its answers pile up unread (the outbound buffer above
 * the write buffer's high water mark) and resumes once they drain below the low one. A client that
 * sends requests but never reads its answers is then no longer read, instead of making the server
 * buffer answers without bound. If it stays like that, the idle timeout closes it: nothing is read
 * from it and no write to it completes.
 */
@ChannelHandler.Sharable
final class ReadBackpressure extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ReadBackpressure.class);

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        boolean writable = channel.isWritable();
        channel.config().setAutoRead(writable);
        log.debug(writable ? "Resuming reading from {}: it has read its answers"
            : "Pausing reading from {}: it is not reading its answers", channel.remoteAddress());
        ctx.fireChannelWritabilityChanged();
    }
}
