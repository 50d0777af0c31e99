package io.namesrv.dist.bench;

import io.namesrv.dist.bench.ResultTable.Better;
import org.apache.rocketmq.common.MQVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Apache RocketMQ 5.4.0's name server and ours at a million topics: each in turn, in a fresh JVM
 * with the same heap, gets 100 brokers of 10,000 topics of their own (defaults), registered one
 * at a time over connections held for the whole run, then re-registrations that each change one
 * topic, route queries over every topic, and the live heap after a full GC before and after those
 * queries (see {@link ScaleRun}). The table goes to stdout and to target/bench.
 *
 * <p>{@code mvn -B verify -Pbench -pl namesrv-dist -am -Dit.test=ScaleComparisonBench}; settings
 * in {@link ScaleSettings}. Nothing here asserts a speed or a size: the run fails only when a
 * request failed or a route did not say what was registered.
 */
class ScaleComparisonBench {

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void apacheVersusOursAtScale() throws Exception {
        int preloaded = ClassPreloader.preload();
        ScaleSettings settings = ScaleSettings.fromSystemProperties();
        CpuPinning.pin(ProcessHandle.current().pid(), settings.clientCpus());
        long runStart = System.nanoTime();
        String settingsLine = String.format(Locale.ROOT,
            "settings: %d brokers x %,d topics = %,d topics; route queries %d connections x %d in flight, %d s warm-up + %d s;"
                + " our store %s; server JVM options %s; CPUs: load generator %s, servers %s",
            settings.brokers(), settings.topicsPerBroker(), settings.totalTopics(), settings.routeQueries().connections(),
            settings.routeQueries().depth(), settings.routeQueries().warmup().toSeconds(), settings.routeQueries().window().toSeconds(),
            settings.storeType(), String.join(" ", settings.serverJvmOptions()),
            settings.clientCpus().isEmpty() ? "any" : settings.clientCpus(),
            settings.serverCpus().isEmpty() ? "any" : settings.serverCpus());
        out("=== name server scale comparison: Apache RocketMQ 5.4.0 vs ours ===");
        out(MachineInfo.describe());
        out("(" + preloaded + " harness classes preloaded)");
        out(settingsLine);

        ScaleTopics topics = new ScaleTopics(settings.brokers(), settings.topicsPerBroker());
        RouteQueryFrames routeFrames = new RouteQueryFrames(topics.all(), MQVersion.CURRENT_VERSION);
        out(String.format(Locale.ROOT, "a broker's REGISTER_BROKER body: %,d bytes (uncompressed JSON, as the 5.4.0 broker sends it)",
            RegistrationFrames.apacheBody(topics.ofBroker(0)).length));
        Map<BenchServer.Kind, ScaleRun.Result> results = new EnumMap<>(BenchServer.Kind.class);
        List<String> problems = new ArrayList<>();
        try (BenchClient client = new BenchClient()) {
            for (String name : settings.servers()) {
                ScaleRun.Result result = ScaleRun.run(BenchServer.Kind.of(name), settings, topics, routeFrames, client,
                    MQVersion.CURRENT_VERSION, ScaleComparisonBench::out);
                results.put(BenchServer.Kind.of(name), result);
                problems.addAll(result.problems());
            }
        }

        String corner = String.format(Locale.ROOT, "at %,d topics", settings.totalTopics());
        ResultTable table = table(settings, results);
        String endLine = String.format(Locale.ROOT, "load average at the end %s; run took %d s", MachineInfo.loadAverage(),
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - runStart));
        out("");
        out("=== results (" + endLine + ") ===");
        out(table.render(BenchServer.Kind.APACHE.label, BenchServer.Kind.OURS.label));
        String markdown = table.renderMarkdown(corner, BenchServer.Kind.APACHE.label, BenchServer.Kind.OURS.label);
        out(markdown);
        Path file = BenchReport.write("scale-comparison", "# Name server scale comparison\n\n" + MachineInfo.describe() + "\n\n"
            + settingsLine + "\n\n" + endLine + "\n\n" + markdown
            + (problems.isEmpty() ? "" : "\nFAILED requests:\n" + String.join("\n", problems) + "\n"));
        out("written to " + file);
        assertTrue(problems.isEmpty(), "requests failed (the numbers above are not valid):\n" + String.join("\n", problems));
    }

    private static ResultTable table(ScaleSettings settings, Map<BenchServer.Kind, ScaleRun.Result> results) {
        ScaleRun.Result apache = results.get(BenchServer.Kind.APACHE);
        ScaleRun.Result ours = results.get(BenchServer.Kind.OURS);
        ResultTable t = new ResultTable();
        Row row = (workload, metric, value, better) -> t.add(workload, metric, value(apache, value), value(ours, value), better);

        String newBroker = String.format(Locale.ROOT, "registration of a new %,d-topic broker (the last %d brokers)",
            settings.topicsPerBroker(), settings.lastBrokers());
        row.add(newBroker, "mean (ms)", r -> r.lastBrokers().meanMillis(), Better.LOWER);
        row.add(newBroker, "p50 (ms)", r -> r.lastBrokers().millisAt(50), Better.LOWER);
        row.add(newBroker, "server CPU each (ms)", r -> r.lastBrokers().serverCpuMillisPerRequest(), Better.LOWER);

        String changed = String.format(Locale.ROOT, "re-registration with one topic changed (the last %d of %d)",
            settings.brokers(), settings.reRegistrations());
        row.add(changed, "p50 (ms)", r -> r.reRegistrations().millisAt(50), Better.LOWER);
        row.add(changed, "p90 (ms)", r -> r.reRegistrations().millisAt(90), Better.LOWER);
        row.add(changed, "server CPU each (ms)", r -> r.reRegistrations().serverCpuMillisPerRequest(), Better.LOWER);

        addHeap(row, "heap used after a full GC, tables full", ScaleRun.Result::tablesFull);

        String routes = String.format(Locale.ROOT, "route queries over the %,d topics, %d x %d, %d s", settings.totalTopics(),
            settings.routeQueries().connections(), settings.routeQueries().depth(), settings.routeQueries().window().toSeconds());
        row.add(routes, "throughput (req/s)", r -> r.routes().throughput(), Better.HIGHER);
        row.add(routes, "p99 (ms)", r -> r.routes().millisAt(99), Better.LOWER);

        addHeap(row, "heap after a full GC after the route queries", ScaleRun.Result::afterRoutes);
        return t;
    }

    private static void addHeap(Row row, String workload, Function<ScaleRun.Result, LiveHeap> heap) {
        row.add(workload, "live objects (MB, GC.class_histogram)", r -> heap.apply(r).liveMegabytes(), Better.LOWER);
        row.add(workload, "G1 used (MB, GC.heap_info)", r -> heap.apply(r).usedMegabytes(), Better.LOWER);
    }

    /** NaN (a "-" in the table) for a server that did not run. */
    private static double value(ScaleRun.Result result, ToDoubleFunction<ScaleRun.Result> value) {
        return result == null ? Double.NaN : value.applyAsDouble(result);
    }

    /** A row of the table: one metric of both servers' results. */
    private interface Row {
        void add(String workload, String metric, ToDoubleFunction<ScaleRun.Result> value, Better better);
    }

    private static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
