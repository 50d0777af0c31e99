package io.namesrv.dist.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A child {@code java} process (same {@code java.home}) running one main class on the test JVM's
 * full classpath, with stdout and stderr appended to a log file.
 *
 * <p>Every wait is bounded. {@link #close()} stops the child (SIGCONT if frozen, then SIGTERM, then
 * SIGKILL after a grace period); a JVM shutdown hook does the same for any child still alive when
 * the test JVM exits, so a failed or interrupted test never leaves processes behind.
 */
public final class ChildJvm implements AutoCloseable {

    /** Default grace period between SIGTERM and SIGKILL. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);

    private static final Set<ChildJvm> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(ChildJvm::killAllOnExit, "child-jvm-reaper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private volatile boolean suspended;

    private ChildJvm(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    public static Builder builder(String name, String mainClass) {
        return new Builder(name, mainClass);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public boolean isSuspended() {
        return suspended;
    }

    /** Freezes the child with SIGSTOP: its sockets stay open but it does nothing. */
    public void suspend() {
        signal("STOP");
        suspended = true;
    }

    /** Thaws a child frozen by {@link #suspend()}. */
    public void resume() {
        signal("CONT");
        suspended = false;
    }

    /**
     * Stops the child: SIGCONT if frozen, SIGTERM, wait up to {@code grace}, then SIGKILL (and wait
     * up to 10 s more). Returns the exit code, or -1 if it could not be observed.
     */
    public int stop(Duration grace) {
        LIVE.remove(this);
        if (process.isAlive()) {
            if (suspended) {
                try {
                    resume();
                } catch (RuntimeException ignored) {
                    // fall through to SIGTERM / SIGKILL
                }
            }
            process.destroy(); // SIGTERM on Unix
            if (!waitFor(grace)) {
                killTree();
                waitFor(Duration.ofSeconds(10));
            }
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /**
     * Sends SIGTERM (SIGCONT first if frozen) and returns at once; {@link #waitFor(Duration)} or
     * {@link #stop(Duration)} then waits for the exit.
     */
    public void terminate() {
        if (process.isAlive()) {
            if (suspended) {
                resume();
            }
            process.destroy(); // SIGTERM on Unix
        }
    }

    /** Kills the child and its descendants with SIGKILL, without a grace period. */
    public void kill() {
        LIVE.remove(this);
        killTree();
        waitFor(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        stop(DEFAULT_STOP_GRACE);
    }

    /**
     * Waits (bounded) until the child accepts connections on {@code port}; if it dies first or never
     * does, it is stopped and the failure thrown.
     */
    public void awaitListening(String what, int port, Duration timeout) {
        try {
            Await.condition(what + " " + this + " accepting on port " + port, timeout, () -> {
                assertAlive();
                return ConfigFiles.accepts(port);
            });
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * The JVM options the chronicle store needs, as the build hands them to the tests (the parent
     * pom's chronicle.jvm.options); what bin/namesrv gives every server.
     */
    public static String[] chronicleOptions() {
        return Arrays.stream(System.getProperty("it.chronicle.jvm.options", "").split("\\s+"))
            .filter(option -> !option.isEmpty())
            .toArray(String[]::new);
    }

    /** Waits (bounded) for the child to exit; true if it did. */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The whole log so far (stdout and stderr of the child). */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<cannot read " + logFile + ": " + e + ">";
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        String[] all = log().split("\\R");
        int from = Math.max(0, all.length - lines);
        return String.join(System.lineSeparator(), Arrays.asList(all).subList(from, all.length));
    }

    /**
     * Waits until the log contains {@code text}; fails early (with the log tail) if the child exits.
     */
    public void awaitLog(String text, Duration timeout) {
        Await.condition("'" + text + "' in the log of " + this, timeout, () -> {
            if (log().contains(text)) {
                return true;
            }
            assertAlive();
            return false;
        });
    }

    /** Throws (an {@link Await.GiveUp}, ending any wait) with the log tail if the child has exited. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new Await.GiveUp(this + " exited with " + process.exitValue() + "; log tail:\n" + logTail(40));
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }

    private void signal(String signal) {
        if (!process.isAlive()) {
            throw new IllegalStateException(this + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " did not finish");
            }
            if (kill.exitValue() != 0) {
                String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal, e);
        }
    }

    private void killTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void killAllOnExit() {
        List<ChildJvm> children = new ArrayList<>(LIVE);
        for (ChildJvm child : children) {
            if (child.suspended && child.process.isAlive()) {
                try {
                    child.resume();
                } catch (RuntimeException ignored) {
                    // SIGKILL below works on a stopped process too
                }
            }
            child.process.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ChildJvm child : children) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                child.process.waitFor(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                break;
            }
        }
        for (ChildJvm child : children) {
            if (child.process.isAlive()) {
                child.killTree();
            }
        }
    }

    /**
     * The test JVM's classpath as a list of entries, with surefire/failsafe manifest-only booter
     * jars expanded (their {@code Class-Path} manifest attribute holds the real classpath).
     */
    public static List<String> testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            entries.add(entry);
            entries.addAll(manifestClassPath(Paths.get(entry)));
        }
        return new ArrayList<>(entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        String fileName = jar.getFileName() == null ? "" : jar.getFileName().toString();
        if (!fileName.endsWith(".jar") || !Files.isRegularFile(jar)
            || !(fileName.startsWith("surefirebooter") || fileName.startsWith("failsafebooter")
                 || fileName.contains("booter"))) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Manifest manifest = jarFile.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return out;
            }
            URI base = jar.toAbsolutePath().toUri();
            for (String item : classPath.trim().split("\\s+")) {
                if (!item.isEmpty()) {
                    out.add(Paths.get(base.resolve(item)).toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest of " + jar, e);
        }
        return out;
    }

    /** Builds and starts a {@link ChildJvm}. */
    public static final class Builder {
        private final String name;
        private final String mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> launcher = new ArrayList<>();
        private List<String> classpath;
        private Path workDir;
        private Path logFile;

        private Builder(String name, String mainClass) {
            this.name = Objects.requireNonNull(name);
            this.mainClass = Objects.requireNonNull(mainClass);
        }

        public Builder jvmArgs(String... values) {
            jvmArgs.addAll(Arrays.asList(values));
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder args(String... values) {
            args.addAll(Arrays.asList(values));
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /**
         * A command that runs {@code java} in its place (e.g. {@code setpriv --regid=N --}): it must
         * exec, not fork, so that the child's PID is the JVM's.
         */
        public Builder launcher(List<String> command) {
            launcher.addAll(command);
            return this;
        }

        /** Replaces the default classpath (the test JVM's). */
        public Builder classpath(List<String> entries) {
            classpath = new ArrayList<>(entries);
            return this;
        }

        /** Working directory of the child; default: a new directory under the run directory. */
        public Builder workDir(Path dir) {
            workDir = dir;
            return this;
        }

        /** Log file; default: {@code <workDir>/<name>.out.log}. */
        public Builder logFile(Path file) {
            logFile = file;
            return this;
        }

        public ChildJvm start() {
            Path dir = workDir != null ? workDir : ItDirs.newDir(name);
            Path log = logFile != null ? logFile : dir.resolve(name + ".out.log");
            List<String> cp = classpath != null ? classpath : testClasspath();

            // Everything after "java" goes into an @argfile: the classpath can exceed the kernel's
            // 128 KiB limit for a single argument, and the file documents what was run.
            List<String> tokens = new ArrayList<>(jvmArgs);
            systemProperties.forEach((k, v) -> tokens.add("-D" + k + "=" + v));
            tokens.add("-cp");
            tokens.add(String.join(File.pathSeparator, cp));
            tokens.add(mainClass);
            tokens.addAll(args);
            Path argFile = dir.resolve(name + ".args");
            StringBuilder text = new StringBuilder();
            for (String token : tokens) {
                text.append('"').append(token.replace("\\", "\\\\").replace("\"", "\\\"")).append('"').append('\n');
            }
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            try {
                Files.writeString(argFile, text.toString(), StandardCharsets.UTF_8);
                Files.writeString(log, "# " + LocalDateTime.now() + " " + java + " @" + argFile + System.lineSeparator(),
                    StandardCharsets.UTF_8);
                List<String> command = new ArrayList<>(launcher);
                command.add(java);
                command.add("@" + argFile);
                ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.environment().putAll(environment);
                Process process = pb.start();
                ChildJvm child = new ChildJvm(name, process, log);
                LIVE.add(child);
                return child;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
        }
    }
}
