package io.namesrv.dist.container;

import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.Map;

/**
 * The jdbc store on a PostgreSQL or MariaDB container (the local images, which keep the official
 * images' environment contract that Testcontainers' modules use), reached by the name server
 * container through its alias on the shared network: the database's port is never used from the host.
 */
final class JdbcDatabase implements ContainerStore {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final JdbcDatabaseContainer<?> database;
    private final String url;

    private JdbcDatabase(JdbcDatabaseContainer<?> database, String url) {
        this.database = database;
        this.url = url;
    }

    static JdbcDatabase postgres(Network network) {
        var container = new PostgreSQLContainer<>(
            DockerImageName.parse(DockerEnvironment.POSTGRES_IMAGE).asCompatibleSubstituteFor("postgres"));
        return start(container, network, "postgres", "jdbc:postgresql://postgres:5432/");
    }

    static JdbcDatabase mariadb(Network network) {
        var container = new MariaDBContainer<>(
            DockerImageName.parse(DockerEnvironment.MARIADB_IMAGE).asCompatibleSubstituteFor("mariadb"));
        return start(container, network, "mariadb", "jdbc:mariadb://mariadb:3306/");
    }

    private static JdbcDatabase start(JdbcDatabaseContainer<?> container, Network network, String alias, String urlPrefix) {
        container.withNetwork(network).withNetworkAliases(alias).withStartupTimeout(STARTUP_TIMEOUT);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
        return new JdbcDatabase(container, urlPrefix + container.getDatabaseName());
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public Map<String, String> namesrvConfig() {
        return Map.of("storeType", "jdbc", "jdbcUrl", url,
            "jdbcUser", database.getUsername(), "jdbcPassword", database.getPassword());
    }

    @Override
    public void close() {
        database.stop();
    }
}
