package io.namesrv.dist.crash;

import java.util.Arrays;
import java.util.List;

/**
 * What a server said while it started, up to its boot line: how the store opened, what it loaded,
 * and what it repaired. Repairs are our Chronicle store's "Repaired the Chronicle store" warnings
 * (tables made to agree again) and the ERROR lines of Chronicle's own recovery (a segment header it
 * corrected, e.g. "wrong lowest free chunk"); any other WARN or ERROR of a start-up is a warning.
 */
record StartupLog(List<String> lines) {
    private static final String BOOT_LINE = "The Name Server boot success";
    private static final String REPAIR = "Repaired the Chronicle store";
    private static final String RECOVERY = "with Chronicle's recovery";
    private static final String CHRONICLE_LOGGER = " n.o.c.";
    /** What Chronicle's recovery says every time it runs, repair or not. */
    private static final List<String> RECOVERY_NOTICES = List.of("Recovery operation needs exclusive access",
        "Do not use recovery as a standard way");

    static StartupLog of(String log) {
        List<String> all = Arrays.asList(log.split("\\R"));
        int boot = 0;
        while (boot < all.size() && !all.get(boot).contains(BOOT_LINE)) {
            boot++;
        }
        return new StartupLog(List.copyOf(all.subList(0, Math.min(all.size(), boot + 1))));
    }

    /** The lines an operator reads to see how the store came back. */
    List<String> storeLines() {
        return lines.stream().filter(line -> line.contains("Opened the") || line.contains("Loaded ")
            || line.contains("jdbc store on") || line.contains(BOOT_LINE) || isRepair(line)).toList();
    }

    List<String> repairs() {
        return lines.stream().filter(StartupLog::isRepair).toList();
    }

    List<String> warnings() {
        return lines.stream().filter(StartupLog::isWarning)
            .filter(line -> !isRepair(line) && RECOVERY_NOTICES.stream().noneMatch(line::contains)).toList();
    }

    /** Whether the store was opened with Chronicle's recovery, as after every kill. */
    boolean recovered() {
        return lines.stream().anyMatch(line -> line.contains(RECOVERY));
    }

    private static boolean isRepair(String line) {
        return line.contains(REPAIR) || line.contains(" ERROR ") && line.contains(CHRONICLE_LOGGER);
    }

    private static boolean isWarning(String line) {
        return line.contains(" WARN ") || line.contains(" ERROR ");
    }
}
