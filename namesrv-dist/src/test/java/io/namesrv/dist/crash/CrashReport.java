package io.namesrv.dist.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The tally of one store's run: what was written, checked, lost and repaired. */
final class CrashReport {
    private static final int EXAMPLES = 20;

    private final String store;
    private final long seed;
    private int cycles;
    private long requestsSent;
    private long unanswered;
    private long registrationsAcknowledged;
    private long kvWritesAcknowledged;
    private long brokerChecks;
    private long queueEntryChecks;
    private long kvEntryChecks;
    private long lostCount;
    private int recoveredOpens;
    private final List<String> lost = new ArrayList<>();
    private final List<String> repairs = new ArrayList<>();
    private final List<String> startupWarnings = new ArrayList<>();
    private final List<String> stormFailures = new ArrayList<>();
    private Duration slowestStart = Duration.ZERO;
    private Duration elapsed = Duration.ZERO;

    CrashReport(String store, long seed) {
        this.store = store;
        this.seed = seed;
    }

    void started(StartupLog log, Duration took) {
        repairs.addAll(log.repairs());
        startupWarnings.addAll(log.warnings());
        if (log.recovered()) {
            recoveredOpens++;
        }
        if (took.compareTo(slowestStart) > 0) {
            slowestStart = took;
        }
    }

    void checked(RestartCheck.Result result) {
        brokerChecks += result.brokers();
        queueEntryChecks += result.queueEntries();
        kvEntryChecks += result.kvEntries();
        lostCount += result.lost().size();
        result.lost().stream().limit(Math.max(0, EXAMPLES - lost.size())).forEach(lost::add);
    }

    void stormed(Storm.Outcome outcome) {
        cycles++;
        requestsSent += outcome.requestsSent();
        unanswered += outcome.unanswered();
        stormFailures.addAll(outcome.failuresBeforeKill());
    }

    void finished(AcknowledgedWrites writes, Duration took) {
        registrationsAcknowledged = writes.registrationsAcknowledged();
        kvWritesAcknowledged = writes.kvWritesAcknowledged();
        elapsed = took;
    }

    int cycles() {
        return cycles;
    }

    long lostCount() {
        return lostCount;
    }

    long registrationsAcknowledged() {
        return registrationsAcknowledged;
    }

    long kvWritesAcknowledged() {
        return kvWritesAcknowledged;
    }

    List<String> lost() {
        return List.copyOf(lost);
    }

    List<String> stormFailures() {
        return List.copyOf(stormFailures);
    }

    String summary() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("crash consistency, store %s, seed %d: %d cycles (SIGKILL, restart, check) in %d s;"
                + " %d requests sent, %d cut off unanswered by a kill; acknowledged: %d registrations, %d KV writes;"
                + " checked after the restarts: %d broker registrations, %d queue entries, %d KV entries; lost: %d;"
                + " store repairs logged: %d; opened with Chronicle's recovery: %d; other start-up warnings: %d;"
                + " storm failures before a kill: %d; slowest start %.1f s",
            store, seed, cycles, elapsed.toSeconds(), requestsSent, unanswered, registrationsAcknowledged,
            kvWritesAcknowledged, brokerChecks, queueEntryChecks, kvEntryChecks, lostCount, repairs.size(),
            recoveredOpens, startupWarnings.size(), stormFailures.size(), slowestStart.toMillis() / 1000.0));
        appendAll(out, "lost", lost);
        appendAll(out, "repair", repairs);
        appendAll(out, "start-up warning", startupWarnings);
        appendAll(out, "storm failure", stormFailures);
        return out.toString();
    }

    private static void appendAll(StringBuilder out, String what, List<String> lines) {
        lines.stream().limit(EXAMPLES).forEach(line -> out.append(System.lineSeparator()).append("  ").append(what)
            .append(": ").append(line));
        if (lines.size() > EXAMPLES) {
            out.append(System.lineSeparator()).append("  ... ").append(lines.size() - EXAMPLES).append(" more");
        }
    }
}
