package io.namesrv.remoting.handler;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.metrics.LatencyHistogram;
import io.namesrv.core.metrics.MetricsSource;
import io.namesrv.core.metrics.PrometheusText;
import io.namesrv.remoting.protocol.RemotingCommand;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests by code: how long each took to answer and what it was answered. {@link #record} runs
 * for every request, inline on the I/O threads for route queries, so it only indexes two arrays and
 * bumps {@link LongAdder}s: no lock, no map, no boxing, no allocation.
 *
 * <p>Only the codes the dispatcher serves get their own series; every other code, whatever a
 * client sends, shares one {@code code="other"} series, so that a client cannot grow the scrape
 * without bound.
 */
public final class RequestMetrics implements MetricsSource {
    private static final int MAX_CODE = 0xFFFF;
    /** Response codes at or above this are counted as {@code result="OTHER"}; ours are all below 32. */
    private static final int RESULT_SLOTS = 32;
    private static final int OTHER_RESULT = RESULT_SLOTS;
    /** No response: a handler that answers nothing (a oneway notification). */
    private static final int NO_RESPONSE = RESULT_SLOTS + 1;

    private static final class CodeMetrics {
        final String code;
        final String name;
        final LatencyHistogram latency = new LatencyHistogram();
        final LongAdder[] results = new LongAdder[RESULT_SLOTS + 2];

        CodeMetrics(String code, String name) {
            this.code = code;
            this.name = name;
            for (int i = 0; i < results.length; i++) {
                results[i] = new LongAdder();
            }
        }
    }

    /** Indexed by request code; written while handlers are registered, before the server serves. */
    private volatile CodeMetrics[] byCode = new CodeMetrics[0];
    private final CodeMetrics unsupported = new CodeMetrics("other", "UNSUPPORTED");

    /** Gives a served code its own series. */
    synchronized void track(int code) {
        if (code < 0 || code > MAX_CODE) {
            throw new IllegalArgumentException("request code " + code + " outside 0.." + MAX_CODE);
        }
        CodeMetrics[] next = Arrays.copyOf(byCode, Math.max(byCode.length, code + 1));
        if (next[code] == null) {
            next[code] = new CodeMetrics(Integer.toString(code), ProtocolCodeNames.REQUESTS.getOrDefault(code, "UNKNOWN"));
        }
        byCode = next;
    }

    /**
     * Counts one request answered {@code response} (null: nothing to answer), timed from
     * {@code startNanos}, a {@link System#nanoTime()} reading taken when it arrived.
     */
    public void record(int code, RemotingCommand response, long startNanos) {
        CodeMetrics[] table = byCode;
        CodeMetrics m = code >= 0 && code < table.length && table[code] != null ? table[code] : unsupported;
        m.latency.recordSince(startNanos);
        m.results[resultSlot(response)].increment();
    }

    private static int resultSlot(RemotingCommand response) {
        if (response == null) {
            return NO_RESPONSE;
        }
        int result = response.code();
        return result >= 0 && result < RESULT_SLOTS ? result : OTHER_RESULT;
    }

    private static String resultName(int slot) {
        if (slot == OTHER_RESULT) {
            return "OTHER";
        }
        if (slot == NO_RESPONSE) {
            return "NONE";
        }
        return ProtocolCodeNames.RESPONSES.getOrDefault(slot, Integer.toString(slot));
    }

    /** How many requests of each served code arrived since start ("other" for the rest), for the shutdown log. */
    public Map<String, Long> servedByCode() {
        Map<String, Long> counts = new TreeMap<>();
        for (CodeMetrics m : series()) {
            long count = m.latency.count();
            if (count > 0) {
                counts.put(m.code, count);
            }
        }
        return counts;
    }

    /** Responses answered since start, by request code and result, as {@code namesrv_responses_total} counts them. */
    public record ResponseCount(String code, String name, String result, long count) {
    }

    /** Every non-zero count of {@code namesrv_responses_total}, read now. */
    public List<ResponseCount> responseCounts() {
        List<ResponseCount> counts = new ArrayList<>();
        for (CodeMetrics m : series()) {
            for (int slot = 0; slot < m.results.length; slot++) {
                long count = m.results[slot].sum();
                if (count > 0) {
                    counts.add(new ResponseCount(m.code, m.name, resultName(slot), count));
                }
            }
        }
        return counts;
    }

    private List<CodeMetrics> series() {
        List<CodeMetrics> series = new ArrayList<>();
        for (CodeMetrics m : byCode) {
            if (m != null) {
                series.add(m);
            }
        }
        series.add(unsupported);
        return series;
    }

    @Override
    public void writeTo(PrometheusText out) {
        List<CodeMetrics> series = series();
        out.family("namesrv_request_duration_seconds", "histogram",
            "Time from a request's arrival to its response, worker queue included, by request code");
        for (CodeMetrics m : series) {
            out.histogram("namesrv_request_duration_seconds", m.latency.snapshot(), "code", m.code, "name", m.name);
        }
        out.family("namesrv_responses_total", "counter",
            "Responses by request code and result (response code; NONE for a request answered with nothing)");
        for (ResponseCount c : responseCounts()) {
            out.sample("namesrv_responses_total", c.count(), "code", c.code(), "name", c.name(), "result", c.result());
        }
        CodeMetrics[] table = byCode;
        CodeMetrics registrations = RequestCode.REGISTER_BROKER < table.length ? table[RequestCode.REGISTER_BROKER] : null;
        out.family("namesrv_broker_registrations_total", "counter",
                "Broker registrations accepted (REGISTER_BROKER answered SUCCESS), heartbeat registrations included")
            .sample("namesrv_broker_registrations_total",
                registrations == null ? 0 : registrations.results[ResponseCode.SUCCESS].sum());
    }
}
