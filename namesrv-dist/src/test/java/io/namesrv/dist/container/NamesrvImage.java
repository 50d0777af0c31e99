package io.namesrv.dist.container;

import org.testcontainers.images.builder.ImageFromDockerfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The name server's image built from {@code namesrv-dist/Dockerfile} and the tree {@code mvn package}
 * has just assembled (failsafe runs after the package phase), so the tests run the code of this
 * build and not whatever {@code local/namesrv} was made earlier. Built once per test JVM.
 */
final class NamesrvImage {
    static final String NAME = "local/namesrv:it";
    /** A first build installs the JDK with apt-get; later ones take that layer from Docker's cache. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static String built;

    private NamesrvImage() {
    }

    static synchronized String get() {
        if (built == null) {
            built = build();
        }
        return built;
    }

    private static String build() {
        Path tree = Path.of(System.getProperty("namesrv.home", "target/namesrv")).toAbsolutePath();
        Path dockerfile = tree.getParent().getParent().resolve("Dockerfile");
        if (!Files.isExecutable(tree.resolve("bin/namesrv")) || !Files.isRegularFile(dockerfile)) {
            throw new IllegalStateException("no assembled tree at " + tree + " or no " + dockerfile + " (run mvn package)");
        }
        // Not deleted at exit: the next run's build reuses this image's JDK layer from the cache.
        ImageFromDockerfile image = new ImageFromDockerfile(NAME, false)
            .withFileFromPath("Dockerfile", dockerfile)
            .withFileFromPath("target/namesrv", tree)
            .withBuildArg("BASE_IMAGE", DockerEnvironment.BASE_IMAGE);
        try {
            return image.get(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("building " + NAME + " from " + dockerfile + " took over " + BUILD_TIMEOUT, e);
        }
    }
}
