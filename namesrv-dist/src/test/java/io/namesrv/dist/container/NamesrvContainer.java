package io.namesrv.dist.container;

import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.NameServerUnderTest;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Our server in its image ({@link NamesrvImage}), on a docker network, its port 9876 mapped to a
 * free host port, started with the store's {@code --key=value} arguments; its output is kept in
 * {@code target/it/<run>/NN-namesrv-container/container.log}.
 */
final class NamesrvContainer implements NameServerUnderTest {
    static final int PORT = 9876;
    /** The chronicle store compiles a class at its first open: seconds on a busy 2-core machine. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private static final int STOP_TIMEOUT_SECONDS = 30;

    private final GenericContainer<?> container;
    private final ToStringConsumer output = new ToStringConsumer();
    private final Path logFile = ItDirs.newDir("namesrv-container").resolve("container.log");

    private NamesrvContainer(Network network, ContainerStore store) {
        String[] args = store.namesrvConfig().entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
        container = new GenericContainer<>(DockerImageName.parse(NamesrvImage.get()))
            .withNetwork(network)
            .withExposedPorts(PORT)
            .withEnv("JAVA_OPTS", "-Xms64m -Xmx256m")
            .withCommand(args)
            .withLogConsumer(output)
            .waitingFor(Wait.forLogMessage(".*The Name Server boot success.*", 1).withStartupTimeout(STARTUP_TIMEOUT));
        store.attach(container);
    }

    /** Starts a name server on {@code store} and returns once it logged its boot success. */
    static NamesrvContainer start(Network network, ContainerStore store) {
        NamesrvContainer namesrv = new NamesrvContainer(network, store);
        try {
            namesrv.container.start();
        } catch (RuntimeException e) {
            namesrv.close();
            throw e;
        }
        return namesrv;
    }

    /**
     * {@code 127.0.0.1:<mapped port>}: the broker and clients run on the host. "localhost" is
     * replaced because it may resolve to ::1 first, which the RocketMQ client handles less well.
     */
    @Override
    public String address() {
        String host = container.getHost();
        return ("localhost".equals(host) ? "127.0.0.1" : host) + ":" + container.getMappedPort(PORT);
    }

    @Override
    public String describe() {
        return "namesrv container " + container.getContainerId() + " at " + address();
    }

    /** What the server logged so far. */
    String logs() {
        return output.toUtf8String();
    }

    /**
     * {@code docker stop}: SIGTERM to the JVM (PID 1), its orderly shutdown, SIGKILL only after 30 s;
     * then the container is removed (Testcontainers' own stop would SIGKILL at once) and its output
     * goes to the log file. A restart in the tests is this, then a new container on the same store.
     */
    @Override
    public void close() {
        try {
            String id = container.getContainerId();
            if (id != null && container.isRunning()) {
                DockerClientFactory.instance().client().stopContainerCmd(id).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            }
            container.stop();
        } finally {
            try {
                Files.writeString(logFile, output.toUtf8String());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
