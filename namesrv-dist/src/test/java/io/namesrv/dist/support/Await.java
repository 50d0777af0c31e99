package io.namesrv.dist.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Bounded polling: every wait in the harness goes through here, so none can hang forever. */
public final class Await {

    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    private Await() {
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value and returns that value, or throws an
     * {@link AssertionError} naming {@code what}, the last value and the last exception once
     * {@code timeout} has passed. A probe that throws counts as "not yet", except {@link GiveUp}.
     */
    public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        return until(what, timeout, DEFAULT_INTERVAL, probe, done);
    }

    public static <T> T until(String what, Duration timeout, Duration interval, Callable<T> probe,
                              Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            } catch (GiveUp e) {
                throw e;
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError failure = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                    + what + "; last value: " + last + (lastError == null ? "" : "; last error: " + lastError));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            sleep(interval);
        }
    }

    /** Polls a condition; see {@link #until(String, Duration, Callable, Predicate)}. */
    public static void condition(String what, Duration timeout, Callable<Boolean> condition) {
        until(what, timeout, condition, Boolean.TRUE::equals);
    }

    /**
     * Asserts that {@code condition} holds at every poll for the whole of {@code period} (used to
     * show that something is NOT expired while it heartbeats).
     */
    public static void holdsFor(String what, Duration period, Duration interval, Callable<Boolean> condition) {
        long end = System.nanoTime() + period.toNanos();
        int polls = 0;
        while (System.nanoTime() - end < 0) {
            boolean ok;
            try {
                ok = Boolean.TRUE.equals(condition.call());
            } catch (Exception e) {
                throw new AssertionError(what + " stopped holding after " + polls + " polls", e);
            }
            if (!ok) {
                throw new AssertionError(what + " stopped holding after " + polls + " polls");
            }
            polls++;
            sleep(interval);
        }
    }

    /**
     * Thrown by a probe to end a wait at once (e.g. the process being waited for has exited);
     * any other exception from a probe only means "not yet".
     */
    public static class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public GiveUp(String message) {
            super(message);
        }
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
