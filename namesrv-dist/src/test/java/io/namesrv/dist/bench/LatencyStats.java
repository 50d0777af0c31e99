package io.namesrv.dist.bench;

import org.HdrHistogram.Histogram;

/**
 * Completed requests of one measurement: a latency histogram (microseconds, 3 significant
 * digits), counts, errors, the window length and the CPU the server and this client used in it.
 * Not thread-safe: each event loop records into its own, merged once the load has stopped.
 */
final class LatencyStats {
    private static final long MAX_MICROS = 300_000_000L;

    private final Histogram micros = new Histogram(MAX_MICROS, 3);
    private long count;
    private long errors;
    private long responseBytes;
    private String firstError;
    private long windowNanos;
    private long serverCpuNanos;
    private long clientCpuNanos;

    void record(long latencyNanos, int responseFrameBytes) {
        micros.recordValue(Math.max(0, Math.min(MAX_MICROS, latencyNanos / 1_000)));
        count++;
        responseBytes += responseFrameBytes;
    }

    void error(String detail) {
        errors++;
        if (firstError == null) {
            firstError = detail;
        }
    }

    void window(long nanos) {
        windowNanos = nanos;
    }

    void cpu(long serverCpu, long clientCpu) {
        serverCpuNanos = serverCpu;
        clientCpuNanos = clientCpu;
    }

    /** Adds {@code other}'s requests, errors and window (windows of rounds add up). */
    LatencyStats merge(LatencyStats other) {
        micros.add(other.micros);
        count += other.count;
        errors += other.errors;
        responseBytes += other.responseBytes;
        if (firstError == null) {
            firstError = other.firstError;
        }
        windowNanos += other.windowNanos;
        serverCpuNanos += other.serverCpuNanos;
        clientCpuNanos += other.clientCpuNanos;
        return this;
    }

    /** Counts and errors of requests recorded on other threads, without their window. */
    LatencyStats mergeRequests(LatencyStats other) {
        micros.add(other.micros);
        count += other.count;
        errors += other.errors;
        responseBytes += other.responseBytes;
        if (firstError == null) {
            firstError = other.firstError;
        }
        return this;
    }

    long count() {
        return count;
    }

    long errors() {
        return errors;
    }

    String firstError() {
        return firstError;
    }

    double seconds() {
        return windowNanos / 1e9;
    }

    double throughput() {
        return windowNanos == 0 ? 0 : count / seconds();
    }

    double millisAt(double percentile) {
        return count == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1_000.0;
    }

    double meanMillis() {
        return count == 0 ? Double.NaN : micros.getMean() / 1_000.0;
    }

    double maxMillis() {
        return count == 0 ? Double.NaN : micros.getMaxValue() / 1_000.0;
    }

    double meanResponseBytes() {
        return count == 0 ? Double.NaN : (double) responseBytes / count;
    }

    /** Server CPU per 1,000 requests, in milliseconds. */
    double serverCpuMillisPerThousand() {
        return count == 0 ? Double.NaN : serverCpuNanos / 1e6 / (count / 1_000.0);
    }

    /** Server CPU per request, in milliseconds. */
    double serverCpuMillisPerRequest() {
        return count == 0 ? Double.NaN : serverCpuNanos / 1e6 / count;
    }

    /** Server CPU in the window as a percentage of one core. */
    double serverCpuPercent() {
        return windowNanos == 0 ? Double.NaN : 100.0 * serverCpuNanos / windowNanos;
    }

    double clientCpuPercent() {
        return windowNanos == 0 ? Double.NaN : 100.0 * clientCpuNanos / windowNanos;
    }
}
