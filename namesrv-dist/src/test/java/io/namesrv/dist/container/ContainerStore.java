package io.namesrv.dist.container;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

import java.util.Map;

/**
 * Where a name server container keeps its tables: made before the first name server container
 * and outliving it, so that a second container on the same store shows what survives a restart.
 */
interface ContainerStore extends AutoCloseable {

    /** The store for {@code name} (memory, chronicle, jdbc-postgresql, jdbc-mariadb), its containers on {@code network}. */
    static ContainerStore create(String name, Network network) {
        return switch (name) {
            case "memory" -> new MemoryStore();
            case "chronicle" -> new ChronicleVolume();
            case "jdbc-postgresql" -> JdbcDatabase.postgres(network);
            case "jdbc-mariadb" -> JdbcDatabase.mariadb(network);
            default -> throw new IllegalArgumentException("unknown store " + name);
        };
    }

    /** Whether routes and KV config outlive the name server. */
    boolean durable();

    /** The server's configuration for this store, passed as {@code --key=value}. */
    Map<String, String> namesrvConfig();

    /** Mounts what the server needs into its container (before it starts). */
    default void attach(GenericContainer<?> namesrv) {
    }

    /** Removes what the store made (volume, database container); never throws a checked exception. */
    @Override
    void close();
}
