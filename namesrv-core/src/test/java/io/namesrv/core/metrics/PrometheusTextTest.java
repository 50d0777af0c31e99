package io.namesrv.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrometheusTextTest {

    @Test
    void countersAndGaugesWithAndWithoutLabels() {
        String text = new PrometheusText()
            .family("namesrv_topics", "gauge", "Topics")
            .sample("namesrv_topics", 3)
            .family("namesrv_responses_total", "counter", "Responses")
            .sample("namesrv_responses_total", 7, "code", "105", "result", "SUCCESS")
            .toString();
        assertEquals("""
            # HELP namesrv_topics Topics
            # TYPE namesrv_topics gauge
            namesrv_topics 3
            # HELP namesrv_responses_total Responses
            # TYPE namesrv_responses_total counter
            namesrv_responses_total{code="105",result="SUCCESS"} 7
            """, text);
    }

    @Test
    void aHistogramHasCumulativeBucketsThenSumAndCount() {
        LatencyHistogram histogram = new LatencyHistogram(new double[] {0.00005, 0.5, 10});
        histogram.record(40_000);
        histogram.record(250_000_000);
        histogram.record(250_000_000);
        String text = new PrometheusText()
            .family("x_seconds", "histogram", "X")
            .histogram("x_seconds", histogram.snapshot(), "code", "105")
            .toString();
        assertEquals("""
            # HELP x_seconds X
            # TYPE x_seconds histogram
            x_seconds_bucket{code="105",le="0.00005"} 1
            x_seconds_bucket{code="105",le="0.5"} 3
            x_seconds_bucket{code="105",le="10.0"} 3
            x_seconds_bucket{code="105",le="+Inf"} 3
            x_seconds_sum{code="105"} 0.50004
            x_seconds_count{code="105"} 3
            """, text);
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        String text = new PrometheusText()
            .family("m", "gauge", "a \\ b\nc \"q\"")
            .sample("m", 1, "v", "x\"y\\z\nw")
            .toString();
        assertEquals("""
            # HELP m a \\\\ b\\nc "q"
            # TYPE m gauge
            m{v="x\\"y\\\\z\\nw"} 1
            """, text);
    }

    @Test
    void numbersArePlainDecimalsAndInfinitiesAsPrometheusSpellsThem() {
        assertEquals("0.00005", PrometheusText.number(0.00005));
        assertEquals("1.0", PrometheusText.number(1));
        assertEquals("2.5", PrometheusText.number(2.5));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
    }

    @Test
    void labelsComeInPairs() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().sample("m", 1, "lonely"));
    }
}
