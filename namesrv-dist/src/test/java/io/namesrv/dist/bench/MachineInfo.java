package io.namesrv.dist.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The machine and JVM the numbers were measured on, and CPU time of processes. */
final class MachineInfo {
    private MachineInfo() {
    }

    static String describe() {
        return "machine: " + onlineCpus() + " CPUs, " + cpuModel()
            + "; load average " + loadAverage()
            + "\nJDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.vendor") + "); OS " + System.getProperty("os.name") + " "
            + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** From /proc/cpuinfo, not availableProcessors(): that counts only the CPUs this process is pinned to. */
    private static String onlineCpus() {
        try {
            return Long.toString(Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count());
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors() + " (available)";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown CPU model");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU model";
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Total CPU time (user + system) of a process so far; zero if the OS does not tell. */
    static long cpuNanos(long pid) {
        Optional<Duration> cpu = ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration());
        return cpu.map(Duration::toNanos).orElse(0L);
    }

    static long ownCpuNanos() {
        return cpuNanos(ProcessHandle.current().pid());
    }
}
