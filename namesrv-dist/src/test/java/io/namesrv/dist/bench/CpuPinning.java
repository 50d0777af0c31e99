package io.namesrv.dist.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Pins a process, every thread of it, to a set of CPUs with taskset, so that on a small machine the
 * load generator and the server under test stop competing for the same cores (threads started
 * later inherit the affinity of the thread that starts them).
 */
final class CpuPinning {
    private CpuPinning() {
    }

    /** Pins {@code pid} to {@code cpus} (taskset's list form, e.g. "1" or "0-1"); nothing when blank. */
    static void pin(long pid, String cpus) {
        if (cpus.isBlank()) {
            return;
        }
        try {
            Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                .redirectErrorStream(true).start();
            String output = new String(taskset.getInputStream().readAllBytes());
            if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
                taskset.destroyForcibly();
                throw new IllegalStateException("taskset -a -p -c " + cpus + " " + pid + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("taskset could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinning " + pid, e);
        }
    }
}
