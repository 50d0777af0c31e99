package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoreException;
import io.namesrv.core.spi.StoredRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tables in Chronicle Map files under {@code storePath}, one file per table, values in the
 * compact binary form of {@link Values}.
 *
 * <h2>Crashes</h2>
 * Chronicle has no transaction over several entries or maps, so a crash can cut a
 * {@link RouteChange} short; and it overwrites an entry in place when the new value fits, so a kill
 * inside that write tears the entry, which Chronicle's recovery then drops (checksum wrong). So every
 * change is preceded by its {@link UndoJournal} record, and the first open after a crash puts back
 * what a change cut short had overwritten or removed: the change was not acknowledged. Chronicle's
 * own recovery, which reads and checks every entry, runs only when the {@link AccessMarker} says the
 * process died inside an access to the tables (or cannot say); a process killed between accesses
 * left no lock held and no entry torn.
 *
 * <h2>Write order</h2>
 * Behind that, a change's entries are written in this order:
 * <ol>
 *   <li>broker groups removed,</li>
 *   <li>queue data removed,</li>
 *   <li>live entries removed,</li>
 *   <li>clusters removed,</li>
 *   <li>clusters put (a cluster's whole member list, grown or shrunk),</li>
 *   <li>broker groups put,</li>
 *   <li>queue data put,</li>
 *   <li>live entries put.</li>
 * </ol>
 * Whatever prefix of that a crash leaves, {@link IntegrityRepair} at the next open brings the
 * tables back to agreement:
 * <ul>
 *   <li>a removal cut short is finished: the group went first, so its queue data, live entries and
 *       cluster membership are recognisably left over and removed;</li>
 *   <li>a first registration cut short is undone: its address has no live entry yet, so it is taken
 *       out of the group (the group, its queue data and its cluster membership go with it if it
 *       was the only address);</li>
 *   <li>a re-registration cut short may leave some queue data new and some old; its live entry,
 *       written last, still carries the old data version, so the broker's next registration (it was
 *       not acknowledged, and brokers register every 30 s) is seen as changed and rewrites all of
 *       its queue data.</li>
 * </ul>
 * In this process a change is all or nothing: see {@link TableWriter}. Methods are synchronized, so a
 * reader of the store never sees half a change.
 */
final class ChronicleRouteStore implements RouteStore {
    private static final Logger log = LoggerFactory.getLogger(ChronicleRouteStore.class);

    private final RouteTables tables;
    /**
     * The tables as the check at open read them, until the first {@link #loadRoutes()} takes them
     * or a write makes them stale: a server reads its store once at start, and with a million
     * topics a second read would double the time of that start.
     */
    private StoredRoutes readAtOpen;
    private boolean closed;

    private ChronicleRouteStore(RouteTables tables, StoredRoutes readAtOpen) {
        this.tables = tables;
        this.readAtOpen = readAtOpen;
    }

    static ChronicleRouteStore open(ChronicleSettings settings) {
        long start = System.nanoTime();
        RouteTables tables = RouteTables.open(settings);
        StoredRoutes readAtOpen;
        try {
            TableWriter.rollBackInterrupted(tables);
            readAtOpen = IntegrityRepair.run(tables);
            tables.access().exit();
        } catch (RuntimeException e) {
            try {
                tables.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("Opened the Chronicle store at {} in {} ms{}", tables.storePath(), millis,
            tables.recovered() ? ", with Chronicle's recovery: it was not closed cleanly" : "");
        return new ChronicleRouteStore(tables, readAtOpen);
    }

    /** The open tables, for the tests that count what a change writes. */
    RouteTables tables() {
        return tables;
    }

    @Override
    public synchronized StoredRoutes loadRoutes() {
        checkOpen();
        StoredRoutes routes = readAtOpen;
        readAtOpen = null;
        return routes != null ? routes : accessing(() -> RouteReader.read(tables));
    }

    @Override
    public synchronized void apply(RouteChange change) {
        checkOpen();
        readAtOpen = null;
        accessing(() -> TableWriter.write(tables, WritePlan.of(change)));
    }

    @Override
    public synchronized void putLive(BrokerAddr addr, BrokerLiveInfo info) {
        checkOpen();
        readAtOpen = null;
        accessing(() -> TableWriter.write(tables, List.of(TableWrite.put(Table.LIVE, Keys.brokerAddr(addr),
            Values.live(info)))));
    }

    @Override
    public synchronized Map<String, Map<String, String>> loadKvConfig() {
        checkOpen();
        Map<String, Map<String, String>> kvConfig = new HashMap<>();
        accessing(() -> tables.get(Table.KV_CONFIG).forEach((key, value) -> {
            String[] namespaceAndKey = Keys.kv(key);
            kvConfig.computeIfAbsent(namespaceAndKey[0], n -> new HashMap<>())
                .put(namespaceAndKey[1], Values.kvValue(value));
        }));
        return kvConfig;
    }

    @Override
    public synchronized void putKvConfig(String namespace, String key, String value) {
        checkOpen();
        accessing(() -> TableWriter.write(tables,
            List.of(TableWrite.put(Table.KV_CONFIG, Keys.kv(namespace, key), Values.kvValue(value)))));
    }

    @Override
    public synchronized void deleteKvConfig(String namespace, String key) {
        checkOpen();
        accessing(() -> TableWriter.write(tables, List.of(TableWrite.remove(Table.KV_CONFIG, Keys.kv(namespace, key)))));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            readAtOpen = null;
            tables.close();
        }
    }

    /** Runs one access to the tables between setting and clearing the {@link AccessMarker}. */
    private <T> T accessing(Supplier<T> access) {
        tables.access().enter();
        try {
            return access.get();
        } finally {
            tables.access().exit();
        }
    }

    private void accessing(Runnable access) {
        accessing(() -> {
            access.run();
            return null;
        });
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("The Chronicle store at " + tables.storePath() + " is closed");
        }
    }
}
