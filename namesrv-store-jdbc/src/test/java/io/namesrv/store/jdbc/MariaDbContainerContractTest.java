package io.namesrv.store.jdbc;

import io.namesrv.core.contract.NameServerContract;
import io.namesrv.core.contract.RouteStoreContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Path;
import java.util.Map;

/**
 * The contract suites on a throw-away 11.4:MariaDB in a container, for machines with a Docker engine
 * and no local server; skipped where no engine is reachable, before any image is pulled.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(300)
class MariaDbContainerContractTest {
    @Container
    static final MariaDBContainer<?> SERVER = new MariaDBContainer<>(DockerImageName.parse("mariadb")).withUsername("root");

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
