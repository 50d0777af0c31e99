package io.namesrv.dist.support;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Picks which name server the end-to-end tests run against, by the system property
 * {@code it.namesrv} (default {@code dist}):
 * <ul>
 *   <li>{@code apache}: Apache RocketMQ 5.4.0's {@code NamesrvStartup} in a child JVM.</li>
 *   <li>{@code dist}: our server, {@code io.namesrv.dist.NamesrvStartup}, in a child JVM.</li>
 * </ul>
 */
public final class NameServers {

    /** The system property that selects the implementation. */
    public static final String IMPL_PROPERTY = "it.namesrv";

    private NameServers() {
    }

    /**
     * Starts the selected name server on a free port with the given extra config (keys as in
     * RocketMQ's {@code NamesrvConfig}/{@code NettyServerConfig}, e.g.
     * {@code scanNotActiveBrokerInterval}) and waits until it accepts connections.
     */
    public static NameServerUnderTest start(Path workDir, Map<String, String> config) {
        String impl = System.getProperty(IMPL_PROPERTY, "dist").trim().toLowerCase(Locale.ROOT);
        switch (impl) {
            case "apache":
                return ApacheNamesrvProcess.start(workDir, config);
            case "dist":
                return DistNamesrvProcess.start(workDir, config);
            default:
                throw new IllegalArgumentException("unknown -D" + IMPL_PROPERTY + "=" + impl + " (known: apache, dist)");
        }
    }
}
