package io.namesrv.dist.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files the distribution ships ({@code src/main/dist/monitoring}, packaged as
 * {@code monitoring/}): the PromQL of the Grafana dashboard and of the Prometheus alert rules, and the
 * metric names that PromQL selects.
 */
public final class MonitoringFiles {
    public static final Path DIR = Path.of("src/main/dist/monitoring");
    public static final Path DASHBOARD = DIR.resolve("grafana-dashboard.json");
    public static final Path ALERT_RULES = DIR.resolve("prometheus-alerts.yml");

    /** What PromQL (and Grafana's label_values) names that is not a metric. */
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
        "delta", "deriv", "histogram_quantile", "clamp_min", "clamp_max", "time", "abs", "absent", "topk", "bottomk",
        "avg_over_time", "max_over_time", "min_over_time", "and", "or", "unless", "bool", "offset");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** Grafana's label_values(metric, label): the label is not a metric. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(([^,]*),[^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])[A-Za-z_:][\\w:]*");

    private MonitoringFiles() {
    }

    /**
     * Every PromQL expression of both files, keyed by where it is: the dashboard's panel targets and
     * template variable queries, and each alert rule's {@code expr}.
     */
    public static Map<String, String> expressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        JsonNode dashboard = read(DASHBOARD, new ObjectMapper());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.put("dashboard panel '" + panel.path("title").asText() + "' target " + target.path("refId").asText(),
                    target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                expressions.put("dashboard variable " + variable.path("name").asText(), variable.path("query").path("query").asText());
            }
        }
        for (JsonNode group : read(ALERT_RULES, new ObjectMapper(new YAMLFactory())).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.put("alert " + rule.path("alert").asText(), rule.path("expr").asText());
            }
        }
        return expressions;
    }

    public static long alertRuleCount() {
        return expressions().keySet().stream().filter(where -> where.startsWith("alert ")).count();
    }

    /**
     * The metric names {@code promql} selects: its identifiers once strings, Grafana variables, label
     * matchers, ranges, label lists and PromQL's own words are taken out.
     */
    public static Set<String> metricNames(String promql) {
        String bare = LABEL_VALUES.matcher(promql).replaceAll("$1");
        for (Pattern noise : new Pattern[] {STRING, GRAFANA_VARIABLE, LABEL_MATCHERS, RANGE, LABEL_LIST}) {
            bare = noise.matcher(bare).replaceAll("");
        }
        Set<String> names = new TreeSet<>();
        Matcher identifiers = IDENTIFIER.matcher(bare);
        while (identifiers.find()) {
            if (!PROMQL_WORDS.contains(identifiers.group())) {
                names.add(identifiers.group());
            }
        }
        return names;
    }

    private static JsonNode read(Path file, ObjectMapper mapper) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
