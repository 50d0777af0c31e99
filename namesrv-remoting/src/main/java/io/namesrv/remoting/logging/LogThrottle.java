package io.namesrv.remoting.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts events that deserve a WARN line and lets one line through per interval, carrying how many
 * events it stands for: a flood of refusals must not become a flood of log lines too.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private final AtomicLong sinceLastLine = new AtomicLong();
    private final AtomicLong nextLineNanos = new AtomicLong(System.nanoTime());

    public LogThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Counts one event. Returns the events since the last line, this one included, when a line is
     * due now (the caller writes it); otherwise 0.
     */
    public long count() {
        sinceLastLine.incrementAndGet();
        long due = nextLineNanos.get();
        long now = System.nanoTime();
        if (now - due >= 0 && nextLineNanos.compareAndSet(due, now + intervalNanos)) {
            return sinceLastLine.getAndSet(0);
        }
        return 0;
    }

    public long intervalSeconds() {
        return Duration.ofNanos(intervalNanos).toSeconds();
    }
}
