package io.namesrv.dist;

import io.namesrv.dist.support.MonitoringFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped Prometheus alert rules as Prometheus reads them, and how their metric names are found.
 * That every metric they and the dashboard use exists is {@code MetricsEndpointTest}'s, on a live scrape.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitoringFilesTest {

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
        Optional<Path> promtool = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(promtool.isPresent(),
            "promtool is not installed (Debian package prometheus): the alert rules are not checked by Prometheus here");
        Process check = new ProcessBuilder(promtool.get().toString(), "check", "rules", MonitoringFiles.ALERT_RULES.toString())
            .redirectErrorStream(true).start();
        try {
            assertTrue(check.waitFor(30, TimeUnit.SECONDS), "promtool (pid " + check.pid() + ") did not finish within 30 s");
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.exitValue(), said);
            assertTrue(said.contains("SUCCESS: " + MonitoringFiles.alertRuleCount() + " rules found"), said);
        } finally {
            check.destroyForcibly();
        }
    }
}
