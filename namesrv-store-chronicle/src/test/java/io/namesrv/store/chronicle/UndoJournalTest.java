package io.namesrv.store.chronicle;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.namesrv.core.spi.RouteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kill inside Chronicle's in-place overwrite of an entry tears it, and Chronicle's recovery drops
 * the torn entry (the crash-consistency run saw acknowledged queue data vanish so). These tests
 * leave the tables as such a kill does, with the undo record the store wrote first, and open the
 * store again.
 */
@Timeout(120)
class UndoJournalTest {
    private static final byte[] KEY = Keys.kv("ns", "k");
    private static final byte[] OTHER_KEY = Keys.kv("ns", "other");

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger writerLogger = (Logger) LoggerFactory.getLogger(TableWriter.class);

    @BeforeEach
    void captureLog() {
        log.start();
        writerLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        writerLogger.detachAppender(log);
    }

    @Test
    void anEntryTornByAKillComesBackAsTheAcknowledgedWriteLeftIt() {
        try (RouteStore store = open()) {
            store.putKvConfig("ns", "k", "acknowledged");
        }
        try (RouteTables tables = RouteTables.open(settings())) {
            // the undo of "put k = unacknowledged, put other = new", then the kill: k torn and
            // dropped by Chronicle's recovery, other already written
            tables.journal().record(List.of(TableWrite.put(Table.KV_CONFIG, KEY, Values.kvValue("acknowledged")),
                TableWrite.remove(Table.KV_CONFIG, OTHER_KEY)));
            tables.get(Table.KV_CONFIG).remove(KEY);
            tables.get(Table.KV_CONFIG).put(OTHER_KEY, Values.kvValue("new"));
        }

        try (RouteStore store = open()) {
            assertEquals(Map.of("ns", Map.of("k", "acknowledged")), store.loadKvConfig());
        }
        assertEquals(1, log.list.size(), "one repair logged: " + log.list);
        String repair = log.list.get(0).getFormattedMessage();
        assertTrue(repair.contains("rolled back a change that a crash cut short, 2 entries put back")
            && repair.contains("KV_CONFIG=2"), repair);

        try (RouteStore store = open()) {
            assertEquals(Map.of("ns", Map.of("k", "acknowledged")), store.loadKvConfig());
        }
        assertEquals(1, log.list.size(), "the journal is cleared once rolled back: " + log.list);
    }

    @Test
    void aRecordTheKillCutShortIsIgnoredAsNoEntryWasWrittenYet() throws IOException {
        try (RouteStore store = open()) {
            store.putKvConfig("ns", "k", "acknowledged");
        }
        try (RouteTables tables = RouteTables.open(settings())) {
            tables.journal().record(List.of(TableWrite.remove(Table.KV_CONFIG, KEY)));
        }
        try (RandomAccessFile journal = new RandomAccessFile(dir.resolve(UndoJournal.FILE_NAME).toFile(), "rw")) {
            journal.setLength(journal.length() - 1);
        }

        try (RouteStore store = open()) {
            assertEquals(Map.of("ns", Map.of("k", "acknowledged")), store.loadKvConfig());
        }
        assertEquals(List.of(), log.list);
    }

    @Test
    void writesThatCompleteLeaveNothingToRollBack() {
        try (RouteStore store = open()) {
            store.putKvConfig("ns", "k", "v1");
            store.putKvConfig("ns", "k", "v2");
            store.deleteKvConfig("ns", "other");
        }
        try (RouteTables tables = RouteTables.open(settings())) {
            assertEquals(List.of(), tables.journal().pending());
        }
    }

    private RouteStore open() {
        return new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(dir));
    }

    private ChronicleSettings settings() {
        return ChronicleSettings.from(TestStores.namesrvConfig(dir));
    }
}
