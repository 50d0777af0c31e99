package io.namesrv.dist;

import io.namesrv.dist.support.MonitoringFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped Prometheus alert rules as Prometheus reads and fires them (promtool, where installed),
 * and how the metric names of the monitoring files are found.
 * That every metric they and the dashboard use exists is {@code MetricsEndpointTest}'s, on a live scrape.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitoringFilesTest {
    /** promtool's unit tests of the alert rules (they name the rules file relative to themselves). */
    private static final Path ALERT_RULES_TEST = Path.of("src/test/promtool/prometheus-alerts-test.yml");

    @Test
    void theMetricNamesOfAnExpressionAreItsSelectorsOnly() {
        assertEquals(Set.of("namesrv_request_duration_seconds_bucket"), MonitoringFiles.metricNames(
            "histogram_quantile(0.99, sum by (le, name) (rate(namesrv_request_duration_seconds_bucket{instance=~\"$instance\","
                + " name!=\"x y\"}[$__rate_interval])))"));
        assertEquals(Set.of("a_total", "b_seconds", "process_start_time_seconds"), MonitoringFiles.metricNames(
            "max by (instance) (a_total) / clamp_min(b_seconds, 1e-9) == 0 and on (instance) (time() - process_start_time_seconds) > 600"));
        assertEquals(Set.of("namesrv_connections"), MonitoringFiles.metricNames("label_values(namesrv_connections, instance)"));
    }

    @Test
    void theAlertRulesPassPromtool() throws Exception {
        String said = promtool("check", "rules", MonitoringFiles.ALERT_RULES.toString());
        assertTrue(said.contains("SUCCESS: " + MonitoringFiles.alertRuleCount() + " rules found"), said);
    }

    /** Each rule fires, with its labels and annotations, on the series it is for, and none on a healthy server. */
    @Test
    void theAlertRulesFireOnTheSeriesTheyAreFor() throws Exception {
        String said = promtool("test", "rules", ALERT_RULES_TEST.toString());
        assertTrue(said.contains("SUCCESS"), said);
    }

    /** Runs promtool (bounded) and returns what it said; skips the test where promtool is not installed. */
    private static String promtool(String... args) throws Exception {
        Optional<Path> promtool = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(promtool.isPresent(),
            "promtool is not installed (Debian package prometheus): the alert rules are not checked by Prometheus here");
        List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
        command.addAll(List.of(args));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertTrue(run.waitFor(30, TimeUnit.SECONDS), "promtool (pid " + run.pid() + ") did not finish within 30 s");
            String said = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, run.exitValue(), said);
            return said;
        } finally {
            run.destroyForcibly();
        }
    }
}
