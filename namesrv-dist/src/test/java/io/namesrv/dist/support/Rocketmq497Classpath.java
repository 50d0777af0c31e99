package io.namesrv.dist.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * The runtime classpath of Apache RocketMQ 4.9.7 (broker, client and tools with their transitive
 * runtime dependencies), resolved with the Maven Resolver from the local repository, downloading
 * what is missing from Maven Central. 4.9.7 cannot share the test JVM's classpath (5.4.0, same
 * artifact ids), so it is only ever used for child JVMs.
 *
 * <p>The local repository is {@code -Dmaven.repo.local} if given, else {@code ~/.m2/repository}. It
 * is used as a "simple" repository: a file present there is used whatever remote it came from, so a
 * warm repository needs no network at all. The remote is {@code -Dit.maven.central} (default
 * {@code https://repo.maven.apache.org/maven2/}).
 */
public final class Rocketmq497Classpath {

    public static final String VERSION = "4.9.7";
    private static final List<String> ARTIFACTS = List.of(
        "org.apache.rocketmq:rocketmq-broker:" + VERSION,
        "org.apache.rocketmq:rocketmq-client:" + VERSION,
        "org.apache.rocketmq:rocketmq-tools:" + VERSION);
    private static final String DEFAULT_CENTRAL = "https://repo.maven.apache.org/maven2/";

    /**
     * What a 4.9.7 broker needs on Java 17: {@code MappedFile.clean} reflects into
     * {@code DirectByteBuffer.attachment()/cleaner()} (java.nio) and calls
     * {@code jdk.internal.ref.Cleaner.clean()}. Without them the broker boots, but its shutdown
     * hook dies in {@code StoreCheckpoint.shutdown} before UNREGISTER_BROKER is sent (and deleting
     * an expired commit log file fails the same way).
     */
    public static final List<String> BROKER_JVM_ARGS = List.of(
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");

    private static final Pattern LOCAL_REPOSITORY = Pattern.compile(
        "<localRepository>\\s*([^<]*?)\\s*</localRepository>");

    private static volatile List<String> cached;

    private Rocketmq497Classpath() {
    }

    /** The jars, in resolution order (the three roots first). Resolved once per test JVM. */
    public static synchronized List<String> get() {
        if (cached == null) {
            cached = Collections.unmodifiableList(resolve());
        }
        return cached;
    }

    /**
     * The local repository the jars come from: {@code -Dmaven.repo.local}, else
     * {@code <localRepository>} of {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}.
     */
    public static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        Path m2 = Paths.get(System.getProperty("user.home"), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher m = LOCAL_REPOSITORY.matcher(Files.readString(settings));
                if (m.find() && !m.group(1).isBlank() && !m.group(1).contains("${")) {
                    return Paths.get(m.group(1).trim()).toAbsolutePath();
                }
            } catch (IOException | RuntimeException e) {
                // fall back to the default location
            }
        }
        return m2.resolve("repository");
    }

    private static List<String> resolve() {
        RepositorySystem system = new RepositorySystemSupplier().get();
        try {
            DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
            // "simple": accept any file present locally, whichever remote (or mirror) it came from
            session.setLocalRepositoryManager(system.newLocalRepositoryManager(session,
                new LocalRepository(localRepository().toFile(), "simple")));
            // POM profiles may be activated by JDK / OS properties
            Properties sysProps = System.getProperties();
            sysProps.stringPropertyNames().forEach(k -> session.setSystemProperty(k, sysProps.getProperty(k)));
            session.setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_NEVER);
            session.setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL);

            RemoteRepository central = new RemoteRepository.Builder("central", "default",
                System.getProperty("it.maven.central", DEFAULT_CENTRAL))
                .setSnapshotPolicy(new RepositoryPolicy(false, RepositoryPolicy.UPDATE_POLICY_NEVER,
                    RepositoryPolicy.CHECKSUM_POLICY_FAIL))
                .build();

            CollectRequest collect = new CollectRequest();
            for (String coords : ARTIFACTS) {
                collect.addDependency(new Dependency(new DefaultArtifact(coords), JavaScopes.RUNTIME));
            }
            collect.addRepository(central);
            DependencyRequest request = new DependencyRequest(collect,
                DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            DependencyResult result = system.resolveDependencies(session, request);

            List<String> jars = new ArrayList<>();
            for (ArtifactResult artifact : result.getArtifactResults()) {
                File file = artifact.getArtifact().getFile();
                if (file == null) {
                    throw new IllegalStateException("no file for " + artifact.getArtifact());
                }
                jars.add(file.getAbsolutePath());
            }
            return jars;
        } catch (Exception e) {
            throw new IllegalStateException("cannot resolve " + ARTIFACTS + " (local repository " + localRepository()
                + ", remote " + System.getProperty("it.maven.central", DEFAULT_CENTRAL) + "): " + e, e);
        } finally {
            system.shutdown();
        }
    }

    /** Prints the classpath, one jar a line: for trying the 4.9.7 tools by hand. */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        List<String> jars = get();
        jars.forEach(System.out::println);
        System.err.println(jars.size() + " jars in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
