package io.namesrv.dist;

import io.namesrv.controller.ControllerConfig;
import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/** {@code bin/namesrv}: reads the options, starts the server in the foreground, stops it on SIGTERM. */
public final class NamesrvStartup {
    private static final Logger log = LoggerFactory.getLogger(NamesrvStartup.class);

    private NamesrvStartup() {
    }

    public static void main(String[] args) {
        StartupOptions options;
        NamesrvConfig config;
        try {
            options = StartupOptions.parse(Arrays.asList(args));
            if (options.help()) {
                System.out.println(StartupOptions.USAGE);
                return;
            }
            config = NamesrvConfig.of(TlsKeySources.under(options.settings(), System.getProperties()));
        } catch (ConfigException e) {
            System.err.println("namesrv: " + e.getMessage());
            System.err.println(StartupOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.printConfig()) {
            printConfig(config, System.out);
            return;
        }
        for (String key : options.settings().keySet()) {
            if (!config.isKnown(key) && ControllerConfig.KEYS.stream().noneMatch(k -> k.name().equals(key))) {
                log.info("Config key '{}' is not a core key; it is passed to the store as is", key);
            }
        }
        NamesrvServer server = new NamesrvServer(config, Clock.systemUTC());
        try {
            server.start();
        } catch (ConfigException e) {
            log.error("Cannot start: {}", e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            log.error("Cannot start", e);
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "namesrv-shutdown"));
    }

    static void printConfig(NamesrvConfig config, PrintStream out) {
        for (Map.Entry<String, String> entry : config.printable().entrySet()) {
            out.println(entry.getKey() + "=" + entry.getValue());
        }
    }
}
