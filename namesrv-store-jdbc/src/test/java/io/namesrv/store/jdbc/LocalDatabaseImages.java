package io.namesrv.store.jdbc;

import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The database images {@code scripts/docker-env.sh} builds FROM a debootstrap base, keeping the
 * official images' environment contract: these machines have no registry, so nothing is pulled,
 * and the container tests run only where the engine answers and the image exists.
 */
final class LocalDatabaseImages {
    static final DockerImageName POSTGRES = DockerImageName.parse("local/postgres:15").asCompatibleSubstituteFor("postgres");
    static final DockerImageName MARIADB = DockerImageName.parse("local/mariadb:10.11").asCompatibleSubstituteFor("mariadb");

    private LocalDatabaseImages() {
    }

    static boolean postgresPresent() {
        return present(POSTGRES);
    }

    static boolean mariadbPresent() {
        return present(MARIADB);
    }

    private static boolean present(DockerImageName image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return false;
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image.asCanonicalNameString()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
