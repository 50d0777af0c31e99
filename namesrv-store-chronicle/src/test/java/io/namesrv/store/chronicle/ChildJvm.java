package io.namesrv.store.chronicle;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A second JVM running a main class of these tests, with this JVM's class path and options. */
final class ChildJvm implements AutoCloseable {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "child-jvm-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Process process;
    private final BufferedReader output;

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        // the same --add-opens and -D options as this JVM (surefire's argLine), minus agents and debuggers
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-D"))
            .forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * Reads the child's output until a line equals {@code line}; fails if the child ends first, and
     * kills it if the line has not come within a minute, since a blocked read ignores JUnit's timeout.
     */
    void awaitLine(String line) throws IOException {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(process::destroyForcibly, 60, TimeUnit.SECONDS);
        try {
            String read;
            StringBuilder seen = new StringBuilder();
            while ((read = output.readLine()) != null) {
                if (read.equals(line)) {
                    return;
                }
                if (read.startsWith("FIGURE ")) {
                    System.out.println(read);
                }
                seen.append(read).append('\n');
            }
            throw new IllegalStateException("the child JVM ended without printing '" + line + "':\n" + seen);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** SIGKILL: no shutdown hook, no close, no flush beyond what the OS already holds. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
