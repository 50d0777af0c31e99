package io.namesrv.store.chronicle;

import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.ValueModel;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The map header class Chronicle would compile with javac at the first open in a JVM is shipped
 * compiled (src/main/java/net/openhft/chronicle/hash): it must be what the Chronicle libraries on the
 * class path generate, and Chronicle must take it instead of compiling its own.
 */
class PrecompiledNativeClassTest {
    private static final String NATIVE_CLASS = "net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native";
    private static final Path SOURCE = Path.of("src/main/java/net/openhft/chronicle/hash/VanillaGlobalMutableState$$Native.java");

    @Test
    void theShippedSourceIsWhatChronicleGenerates() throws Exception {
        Class<?> generators = Class.forName("net.openhft.chronicle.values.Generators");
        Method generate = generators.getDeclaredMethod("generateNativeClass", ValueModel.class, String.class);
        generate.setAccessible(true);
        String generated = (String) generate.invoke(null, ValueModel.acquire(VanillaGlobalMutableState.class),
            "VanillaGlobalMutableState$$Native");

        String shipped = Files.readString(SOURCE);
        String withoutHeader = shipped.substring(shipped.indexOf("package "));
        assertEquals(generated, withoutHeader, "the Chronicle libraries generate another class: replace the code after"
            + " the header comment of " + SOURCE + " with the text above");
    }

    @Test
    void chronicleLoadsTheShippedClassInsteadOfCompilingOne() throws Exception {
        Class<?> used = Values.nativeClassFor(VanillaGlobalMutableState.class);
        assertEquals(NATIVE_CLASS, used.getName());
        CodeSource from = used.getProtectionDomain().getCodeSource();
        assertNotNull(from, "a class Chronicle compiles at run time has no code source");
        assertTrue(from.getLocation().toString().contains("namesrv-store-chronicle"), from.getLocation().toString());
    }
}
