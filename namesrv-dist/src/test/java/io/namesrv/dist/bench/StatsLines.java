package io.namesrv.dist.bench;

import java.util.Locale;

/** The one-line summaries of a measurement that the benches print as they go. */
final class StatsLines {
    private StatsLines() {
    }

    static String route(LatencyStats s) {
        return String.format(Locale.ROOT,
            "%,9.0f req/s  p50 %s  p99 %s  p99.9 %s  max %s ms  server CPU %.0f%%  client CPU %.0f%%  errors %d",
            s.throughput(), ms(s, 50), ms(s, 99), ms(s, 99.9), ResultTable.number(s.maxMillis()), s.serverCpuPercent(),
            s.clientCpuPercent(), s.errors());
    }

    /** @param cpu with the server's CPU per registration (known when nothing else ran meanwhile) */
    static String registrations(LatencyStats s, boolean cpu) {
        return String.format(Locale.ROOT, "%d registrations in %.1f s  p50 %s  p99 %s  max %s ms%s  errors %d",
            s.count(), s.seconds(), ms(s, 50), ms(s, 99), ResultTable.number(s.maxMillis()),
            cpu ? "  server CPU " + ResultTable.number(s.serverCpuMillisPerRequest()) + " ms each" : "", s.errors());
    }

    private static String ms(LatencyStats s, double percentile) {
        return ResultTable.number(s.millisAt(percentile));
    }
}
