package io.namesrv.dist.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Pins a process, every thread of it, to a set of CPUs with taskset, so that on a small machine the
 * load generator and the server under test stop competing for the same cores (threads started
 * later inherit the affinity of the thread that starts them).
 */
final class CpuPinning {
    private CpuPinning() {
    }

    /** Which CPUs the load generator and which the servers get. */
    record Layout(String clientCpus, String serverCpus) {
        static final Layout SHARED = new Layout("", "");
    }

    /**
     * The layout when none is given: the first half of the CPUs for the load generator, the rest
     * for the servers (on two CPUs, one each), so that a server's speed is not what the load
     * generator leaves it; shared where there is one CPU or no taskset.
     */
    static Layout defaultLayout() {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2 || !tasksetInstalled()) {
            return Layout.SHARED;
        }
        int clientCount = cpus / 2;
        return new Layout(range(0, clientCount - 1), range(clientCount, cpus - 1));
    }

    private static String range(int first, int last) {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }

    private static boolean tasksetInstalled() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "taskset"))) {
                return true;
            }
        }
        return false;
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
