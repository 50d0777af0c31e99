package io.namesrv.dist.jmh;

import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A name server on a given store in a fresh directory under target/, as the benchmarks need it. */
final class BenchmarkStores {
    private BenchmarkStores() {
    }

    static NameServer open(String storeType) {
        try {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")), "jmh-" + storeType);
            NamesrvConfig config = NamesrvConfig.of(Map.of(NamesrvConfig.STORE_TYPE.name(), storeType,
                NamesrvConfig.STORE_PATH.name(), dir.toString()));
            NameServer nameServer = new NameServer(config,
                RouteStores.byName(storeType, BenchmarkStores.class.getClassLoader()).open(config), Clock.systemUTC());
            nameServer.load();
            return nameServer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
