package io.namesrv.store.chronicle;

import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoredRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.namesrv.store.chronicle.Consistency.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A process killed with SIGKILL in the middle of its writes leaves a store that opens consistent. */
@Timeout(180)
class KillNineTest {
    @TempDir
    Path storeDir;

    @Test
    void aStoreKilledWhileWritingOpensWithTablesThatAgree() throws Exception {
        for (long killAfterMillis : new long[] {0, 37, 211}) {
            try (ChildJvm child = ChildJvm.start(RegisterUntilKilled.class, storeDir.toString())) {
                child.awaitLine("busy");
                Thread.sleep(killAfterMillis);
                child.kill();
            }
            try (RouteStore store = new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(storeDir))) {
                StoredRoutes routes = store.loadRoutes();
                assertConsistent(routes);
                assertFalse(routes.brokers().isEmpty(), "a store with brokers in it, not a wiped one");
            }
        }
    }
}
