package io.namesrv.store.jdbc;

import io.namesrv.core.contract.NameServerContract;
import io.namesrv.core.contract.RouteStoreContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;
import java.util.Map;

/**
 * The contract suites on a throw-away MariaDB in a container (the local image), for machines with a Docker engine
 * and no local server; skipped where no engine is reachable or the image is absent (scripts/docker-env.sh builds it); nothing is pulled.
 */
@Testcontainers(disabledWithoutDocker = true)
@EnabledIf("io.namesrv.store.jdbc.LocalDatabaseImages#mariadbPresent")
@Timeout(300)
class MariaDbContainerContractTest {
    @Container
    static final MariaDBContainer<?> SERVER = new MariaDBContainer<>(LocalDatabaseImages.MARIADB).withUsername("root");

    static ExternalDatabase server() {
        return ExternalDatabase.container(ExternalDatabase.Kind.MARIADB, SERVER.getJdbcUrl(), SERVER.getUsername(),
            SERVER.getPassword());
    }

    @Nested
    class RouteStoreSuite extends RouteStoreContract {
        @RegisterExtension
        final FreshDatabase database = new FreshDatabase(MariaDbContainerContractTest::server);

        @Override
        protected String storeType() {
            return JdbcRouteStoreProvider.NAME;
        }

        @Override
        protected Map<String, String> storeConfig(Path dir) {
            return database.storeConfig(super.storeConfig(dir));
        }
    }

    @Nested
    class NameServerSuite extends NameServerContract {
        @RegisterExtension
        final FreshDatabase database = new FreshDatabase(MariaDbContainerContractTest::server);

        @Override
        protected String storeType() {
            return JdbcRouteStoreProvider.NAME;
        }

        @Override
        protected Map<String, String> storeConfig(Path dir) {
            return database.storeConfig(super.storeConfig(dir));
        }
    }
}
