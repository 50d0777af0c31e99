package io.namesrv.dist.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.namesrv.dist.support.RocketClients;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.util.Map;

/**
 * The chronicle store on a named Docker volume mounted at the image's {@code /var/lib/namesrv}: a
 * named volume rather than a host directory because Docker fills a new one from the image, owned
 * by the image's non-root user, who could not write a directory the test JVM (root) made.
 */
final class ChronicleVolume implements ContainerStore {
    private static final String MOUNT = "/var/lib/namesrv";

    private final DockerClient docker = DockerClientFactory.instance().client();
    private final String volume = RocketClients.unique("namesrv-it-chronicle");

    ChronicleVolume() {
        docker.createVolumeCmd().withName(volume).exec();
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public Map<String, String> namesrvConfig() {
        return Map.of("storeType", "chronicle", "storePath", MOUNT + "/store");
    }

    @Override
    public void attach(GenericContainer<?> namesrv) {
        namesrv.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(new Bind(volume, new Volume(MOUNT))));
    }

    /** Removes the volume; the containers using it must be gone already. */
    @Override
    public void close() {
        docker.removeVolumeCmd(volume).exec();
    }
}
