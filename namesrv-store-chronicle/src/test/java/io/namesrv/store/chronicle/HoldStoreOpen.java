package io.namesrv.store.chronicle;

import io.namesrv.core.spi.RouteStore;

import java.io.IOException;
import java.nio.file.Path;

/** Child JVM of {@link StoreLockTest}: opens a store, says so, and keeps it open until its input closes or it is killed. */
public final class HoldStoreOpen {
    private HoldStoreOpen() {
    }

    public static void main(String[] args) throws IOException {
        try (RouteStore store = new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(Path.of(args[0])))) {
            System.out.println("open");
            while (System.in.read() >= 0) {
                // wait for the parent
            }
        } catch (RuntimeException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
