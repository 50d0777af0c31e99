package io.namesrv.dist;

import io.namesrv.core.config.ConfigException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The command line: {@code [-c FILE] [-p] [--key=value ...]}. Overrides win over the file, which
 * wins over the defaults.
 */
public record StartupOptions(Path configFile, boolean printConfig, boolean help, Map<String, String> overrides) {
    public static final String USAGE = String.join(System.lineSeparator(),
        "usage: namesrv [-c FILE] [-p] [--key=value ...]",
        "  -c, --configFile FILE   read the configuration from a properties file",
        "  -p, --printConfigItem   print the effective configuration and exit",
        "  -h, --help              print this help and exit",
        "  --key=value             override one configuration key (e.g. --listenPort=9877)");

    public static StartupOptions parse(List<String> args) {
        Path configFile = null;
        boolean print = false;
        boolean help = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-c", "--configFile" -> {
                    if (i + 1 >= args.size()) {
                        throw new ConfigException(arg + " needs a file name");
                    }
                    configFile = Path.of(args.get(++i));
                }
                case "-p", "--printConfigItem" -> print = true;
                case "-h", "--help" -> help = true;
                default -> {
                    int eq = arg.indexOf('=');
                    if (!arg.startsWith("--") || eq < 3) {
                        throw new ConfigException("unknown argument '" + arg + "'");
                    }
                    overrides.put(arg.substring(2, eq), arg.substring(eq + 1));
                }
            }
        }
        return new StartupOptions(configFile, print, help, overrides);
    }

    /** The file's keys, then the command-line overrides. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (configFile != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + configFile + ": " + e);
            }
            properties.stringPropertyNames().forEach(k -> settings.put(k, properties.getProperty(k)));
        }
        settings.putAll(overrides);
        return settings;
    }
}
