package io.namesrv.dist.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acknowledged means durable, under SIGKILL: on each durable store, {@link CrashCycles} kills our
 * server at random moments of a registration and KV-write storm, restarts it on the same store and
 * checks every acknowledged write. CI runs 3 cycles per store; {@code -Pcrash} runs 100
 * ({@code -Dcrash.cycles}, {@code -Dcrash.seed}, {@code -Dcrash.stores}; see RELIABILITY.md).
 */
class CrashConsistencyIT {
    static final String STORES_PROPERTY = "crash.stores";

    /** The durable stores, or those {@code -Dcrash.stores} names (comma-separated). */
    static Stream<String> durableStores() {
        String chosen = System.getProperty(STORES_PROPERTY, "");
        Stream<String> durable = StoreUnderTest.NAMES.stream().filter(name -> !name.equals("memory"));
        return chosen.isBlank() ? durable : durable.filter(List.of(chosen.split("\\s*,\\s*"))::contains);
    }

    @ParameterizedTest
    @MethodSource("durableStores")
    void everyAcknowledgedWriteSurvivesSigkill(String store) {
        CrashSettings settings = CrashSettings.fromSystemProperties();
        CrashReport report = assertTimeoutPreemptively(settings.budget(),
            () -> new CrashCycles(store, settings, System.out).run());

        assertEquals(settings.cycles(), report.cycles(), "cycles survived");
        assertEquals(0, report.lostCount(), () -> "acknowledged writes lost, e.g. " + report.lost());
        assertEquals(List.of(), report.stormFailures(), "requests that failed while the server was alive");
        assertTrue(report.registrationsAcknowledged() > 0 && report.kvWritesAcknowledged() > 0,
            () -> "the storm got writes acknowledged: " + report.summary());
    }

    /** The check itself: the memory store keeps nothing across a kill, and the check must say so. */
    @Test
    void theCheckFindsTheLossesOfAStoreThatKeepsNothing() {
        CrashSettings oneCycle = new CrashSettings(1, CrashSettings.fromSystemProperties().seed());
        CrashReport report = assertTimeoutPreemptively(oneCycle.budget(),
            () -> new CrashCycles("memory", oneCycle, System.out).run());

        assertTrue(report.registrationsAcknowledged() > 0 && report.kvWritesAcknowledged() > 0, report::summary);
        assertTrue(report.lostCount() > 0, () -> "no loss seen on the memory store: " + report.summary());
        assertTrue(report.lost().stream().anyMatch(lost -> lost.contains("not in the cluster info")), report::summary);
    }
}
