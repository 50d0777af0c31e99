package io.namesrv.dist.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Master failover, our controller against Apache's own controller 5.4.0 in one run: for each
 * controller ({@link ApacheControllerGroup}, {@link OurControllerGroup} with the Raft log's fsync and
 * without), {@code bench.failover.rounds} failovers (default 5) of {@link MasterFailoverRounds}; the
 * kill-to-route times and their medians, and ours / Apache's; and that the 5.4.0 admin takes our
 * answer to {@code electMaster} as it takes Apache's.
 */
class ControllerFailoverBench {

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void masterFailoverWithOursAndWithApachesController() throws Exception {
        int rounds = Integer.getInteger("bench.failover.rounds", 5);
        Map<String, Supplier<ControllerGroup>> groups = new LinkedHashMap<>();
        groups.put("apache", ApacheControllerGroup::new);
        groups.put("ours", () -> new OurControllerGroup(true));
        groups.put("ours-nosync", () -> new OurControllerGroup(false));

        Map<String, List<Long>> millis = new LinkedHashMap<>();
        Map<String, String> electMasterAnswers = new LinkedHashMap<>();
        Map<String, String> described = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<ControllerGroup>> group : groups.entrySet()) {
            try (ControllerGroup controllers = group.getValue().get()) {
                described.put(group.getKey(), controllers.describe());
                MasterFailoverRounds.Outcome outcome = new MasterFailoverRounds(controllers).run(rounds);
                millis.put(group.getKey(), outcome.killToRouteMillis());
                electMasterAnswers.put(group.getKey(), outcome.electMasterAnswer());
            }
        }
        // the admin tool reads our answer to electMaster as it reads Apache's (the same failure, if it fails)
        for (String key : electMasterAnswers.keySet()) {
            assertEquals(kind(electMasterAnswers.get("apache")), kind(electMasterAnswers.get(key)),
                described.get(key) + ": " + electMasterAnswers.get(key));
        }

        double apacheMedian = median(millis.get("apache"));
        StringBuilder table = new StringBuilder("| controller | kill -9 of the master to the new master in the route (ms) "
            + "| median | / Apache's |\n|---|---|---|---|\n");
        for (String key : millis.keySet()) {
            double median = median(millis.get(key));
            table.append(String.format("| %s | %s | %.0f | %.2f |%n", described.get(key), millis.get(key), median,
                median / apacheMedian));
        }
        System.out.println("[ControllerFailoverBench] " + rounds + " rounds each\n" + table);
    }

    /** "answered", or the class of what the admin threw, without the message (it names positions in the body). */
    private static String kind(String answer) {
        int colon = answer.indexOf(':');
        return colon < 0 ? answer : answer.substring(0, colon);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
