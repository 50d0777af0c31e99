package io.namesrv.dist.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads every class of this package (nested ones included) and the support classes the run
 * needs before the run starts: a concurrent build of the module that rewrites target/test-classes
 * mid-run would otherwise fail the run with a NoClassDefFoundError minutes in.
 */
final class ClassPreloader {
    private static final List<String> SUPPORT = List.of(
        "io.namesrv.dist.support.Await", "io.namesrv.dist.support.Await$GiveUp", "io.namesrv.dist.support.ChildJvm",
        "io.namesrv.dist.support.ChildJvm$Builder", "io.namesrv.dist.support.ConfigFiles",
        "io.namesrv.dist.support.FreePorts", "io.namesrv.dist.support.ItDirs");

    private ClassPreloader() {
    }

    /** Returns how many classes were loaded. */
    static int preload() throws IOException, ClassNotFoundException {
        ClassLoader loader = ClassPreloader.class.getClassLoader();
        int loaded = 0;
        for (String name : SUPPORT) {
            Class.forName(name, false, loader);
            loaded++;
        }
        Path dir;
        try {
            dir = Path.of(ClassPreloader.class.getResource("ClassPreloader.class").toURI()).getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return loaded; // not a directory on the file system (e.g. a jar): nothing can rewrite it
        }
        String pkg = ClassPreloader.class.getPackageName();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".class")) {
                    Class.forName(pkg + "." + fileName.substring(0, fileName.length() - ".class".length()), false, loader);
                    loaded++;
                }
            }
        }
        return loaded;
    }
}
