package io.namesrv.dist.crash;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How many kill cycles a run makes and the seed of its random choices (when each kill comes, what
 * each worker writes), from {@code -Dcrash.cycles} (default 3, what CI runs) and {@code -Dcrash.seed}
 * (default: a new one, printed). The seed fixes the schedule, not the threads' interleaving.
 */
record CrashSettings(int cycles, long seed) {
    static final String CYCLES_PROPERTY = "crash.cycles";
    static final String SEED_PROPERTY = "crash.seed";
    private static final int DEFAULT_CYCLES = 3;
    private static final Duration SHORTEST_STORM = Duration.ofMillis(200);
    private static final Duration LONGEST_STORM = Duration.ofMillis(2_500);
    /** A start, a check, a storm and a kill, with room for a slow machine. */
    private static final Duration CYCLE_BUDGET = Duration.ofSeconds(90);

    static CrashSettings fromSystemProperties() {
        int cycles = Integer.getInteger(CYCLES_PROPERTY, DEFAULT_CYCLES);
        if (cycles < 1) {
            throw new IllegalArgumentException(CYCLES_PROPERTY + " must be at least 1, not " + cycles);
        }
        String seed = System.getProperty(SEED_PROPERTY);
        return new CrashSettings(cycles, seed == null || seed.isBlank() ? ThreadLocalRandom.current().nextLong()
            : Long.parseLong(seed.trim()));
    }

    /** How long a storm runs before its kill: uniform between 0.2 and 2.5 s. */
    static Duration stormLength(Random random) {
        return SHORTEST_STORM.plusMillis(random.nextLong(LONGEST_STORM.toMillis() - SHORTEST_STORM.toMillis() + 1));
    }

    /** The most one store's run may take: every cycle plus the last restart and check. */
    Duration budget() {
        return CYCLE_BUDGET.multipliedBy(cycles + 1L);
    }
}
