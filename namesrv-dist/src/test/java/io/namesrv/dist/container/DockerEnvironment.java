package io.namesrv.dist.container;

import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

import java.util.List;

/**
 * Whether the container tests can run here: a reachable Docker engine and the local images
 * {@code scripts/docker-env.sh} builds (nothing is ever pulled: these machines have no registry).
 * Where either is missing the tests are skipped, unless the environment says
 * {@code NAMESRV_IT_DOCKER=required} (as {@code .ci/run} does): then they fail, because a CI run that
 * silently skipped them would prove nothing.
 */
final class DockerEnvironment {
    static final String BASE_IMAGE = "local/debian:bookworm";
    static final String POSTGRES_IMAGE = "local/postgres:15";
    static final String MARIADB_IMAGE = "local/mariadb:10.11";
    static final String REQUIRED_VARIABLE = "NAMESRV_IT_DOCKER";

    private DockerEnvironment() {
    }

    /** Skips (or, when required, fails) the calling test unless the engine answers and the images exist. */
    static void assumeReady(List<String> images) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            unavailable("no Docker engine is reachable");
        }
        for (String image : images) {
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                unavailable("the local image " + image + " is missing");
            }
        }
    }

    private static void unavailable(String why) {
        String what = why + "; scripts/docker-env.sh start provides the engine and the images";
        if ("required".equals(System.getenv(REQUIRED_VARIABLE))) {
            throw new IllegalStateException(what + " (" + REQUIRED_VARIABLE + "=required: not skipping)");
        }
        Assumptions.abort(what);
    }
}
