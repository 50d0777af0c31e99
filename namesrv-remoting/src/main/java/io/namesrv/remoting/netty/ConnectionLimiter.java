package io.namesrv.remoting.netty;

import io.namesrv.remoting.logging.LogThrottle;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the open connections: one beyond the cap is closed before anything is read from it. The
 * refusals are logged at most once per interval, with their count, so that a flood of connections
 * does not become a flood of log lines too.
 */
final class ConnectionLimiter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final int max;
    /** Admission is decided on this count, not on the group's size: two I/O threads may accept at once. */
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelGroup channels = new DefaultChannelGroup("namesrv-connections", GlobalEventExecutor.INSTANCE);
    private final LogThrottle refusals = new LogThrottle(Duration.ofSeconds(10));

    ConnectionLimiter(int max) {
        this.max = max;
    }

    /** Counts the connection in until it closes; or closes it and returns false when the cap is reached. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            channel.close();
            refused(channel);
            return false;
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        channels.add(channel);
        return true;
    }

    private void refused(Channel channel) {
        long refused = refusals.count();
        if (refused > 0) {
            log.warn("Refused {} connection(s) (the latest from {}): {} are open, the serverMaxConnections cap; "
                + "at most one such line per {} s", refused, channel.remoteAddress(), max, refusals.intervalSeconds());
        }
    }

    int openConnections() {
        return open.get();
    }

    /** Bytes of answers written but not yet taken by the sockets, over every open connection. */
    long pendingOutboundBytes() {
        long total = 0;
        for (Channel channel : channels) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            if (buffer != null) {
                total += buffer.totalPendingWriteBytes();
            }
        }
        return total;
    }
}
