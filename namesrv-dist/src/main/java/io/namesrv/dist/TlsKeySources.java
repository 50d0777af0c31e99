package io.namesrv.dist;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.ConfigKey;
import io.namesrv.core.config.NamesrvConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code tls.*} keys also from where Apache's server reads them, so that a start script written
 * for Apache's keeps its TLS: JVM system properties ({@code -Dtls.server.mode=enforcing} in
 * {@code JAVA_OPTS}), and over them the properties file {@code tls.config.file} names (every TLS key
 * but {@code tls.server.mode}, as Apache reads it). The config file and the command line win over both.
 */
final class TlsKeySources {
    private static final Logger log = LoggerFactory.getLogger(TlsKeySources.class);
    private static final List<String> TLS_KEYS = NamesrvConfig.KEYS.stream().map(ConfigKey::name)
        .filter(name -> name.startsWith("tls.")).toList();
    private static final String CONFIG_FILE = NamesrvConfig.TLS_CONFIG_FILE.name();

    private TlsKeySources() {
    }

    /** {@code settings} (the config file and the command line) over the TLS file over the system properties. */
    static Map<String, String> under(Map<String, String> settings, Properties systemProperties) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String key : TLS_KEYS) {
            String value = systemProperties.getProperty(key);
            if (value != null) {
                merged.put(key, value);
            }
        }
        String named = settings.getOrDefault(CONFIG_FILE, merged.get(CONFIG_FILE));
        Path file = Path.of(named != null ? named : NamesrvConfig.TLS_CONFIG_FILE.defaultValue());
        // Apache's default file is read where it exists, as Apache reads it; a file named on purpose must exist
        if (named != null || Files.isRegularFile(file)) {
            Properties tls = read(file);
            List<String> applied = new ArrayList<>();
            for (String key : TLS_KEYS) {
                if (!key.equals(NamesrvConfig.TLS_SERVER_MODE.name()) && !key.equals(CONFIG_FILE) && tls.getProperty(key) != null) {
                    merged.put(key, tls.getProperty(key));
                    applied.add(key);
                }
            }
            log.info("TLS keys read from {} ({}): {}", file, CONFIG_FILE, applied);
        }
        merged.putAll(settings);
        return merged;
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + CONFIG_FILE + " " + file + ": " + e);
        }
        return properties;
    }
}
