package io.namesrv.dist.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server JVM's heap after a full GC, read with the JDK's jcmd.
 *
 * <p>{@code GC.class_histogram} first collects the whole heap (a stop-the-world full GC, the same
 * in every collector), then sums the objects left, class by class: its total is the live set to
 * the byte, what the server's tables and caches hold, without the collector's own slack. G1's
 * "used" ({@code GC.heap_info}, read right after) counts whole regions for arrays of half a region
 * or more (a large table's hash array) and the regions allocated since; it is kept as a second
 * figure, the one a heap setting has to leave room for.
 */
record LiveHeap(long liveBytes, long usedBytes, List<String> largestClasses) {
    private static final long JCMD_TIMEOUT_SECONDS = 300;
    private static final int LARGEST = 6;
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(.+)$");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern USED_KB = Pattern.compile("used (\\d+)K");

    /** Collects {@code pid}'s heap and measures what is left. */
    static LiveHeap of(long pid) {
        long live = -1;
        List<String> largest = new ArrayList<>();
        for (String line : jcmd(pid, "GC.class_histogram")) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            Matcher total = HISTOGRAM_TOTAL.matcher(line);
            if (row.matches() && largest.size() < LARGEST) {
                largest.add(String.format(Locale.ROOT, "%s %.1f MB (%,d)", row.group(3).replaceAll(" \\(.*\\)$", ""),
                    Long.parseLong(row.group(2)) / 1e6, Long.parseLong(row.group(1))));
            } else if (total.matches()) {
                live = Long.parseLong(total.group(2));
            }
        }
        if (live < 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.class_histogram printed no total");
        }
        return new LiveHeap(live, usedBytes(jcmd(pid, "GC.heap_info")), List.copyOf(largest));
    }

    double liveMegabytes() {
        return liveBytes / 1e6;
    }

    /** NaN when the collector's report had no "used NK" to read. */
    double usedMegabytes() {
        return usedBytes < 0 ? Double.NaN : usedBytes / 1e6;
    }

    /**
     * The heap's "used" figures of GC.heap_info, added up: G1 prints one line for the whole heap,
     * the generational collectors one per generation; the lines from Metaspace on are not heap.
     */
    private static long usedBytes(List<String> heapInfo) {
        long kilobytes = 0;
        boolean found = false;
        for (String line : heapInfo) {
            if (line.trim().startsWith("Metaspace")) {
                break;
            }
            Matcher used = USED_KB.matcher(line);
            if (used.find()) {
                kilobytes += Long.parseLong(used.group(1));
                found = true;
            }
        }
        return found ? kilobytes * 1024 : -1;
    }

    /** Runs jcmd on {@code pid}, its output through a file so that the wait for it is bounded. */
    private static List<String> jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path output = null;
        try {
            output = Files.createTempFile("jcmd-" + pid + "-", ".txt");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " took over " + JCMD_TIMEOUT_SECONDS + " s");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + String.join("\n", lines));
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException("jcmd could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jcmd " + command, e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
