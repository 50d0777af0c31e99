package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerIdentity;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStores;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static io.namesrv.core.testkit.Registrations.broker;

/** Child JVM of {@link KillNineTest}: registers and unregisters brokers until it is killed. */
public final class RegisterUntilKilled {
    private RegisterUntilKilled() {
    }

    public static void main(String[] args) {
        NamesrvConfig config = TestStores.namesrvConfig(Path.of(args[0]));
        NameServer server = new NameServer(config,
            RouteStores.byName(ChronicleRouteStoreProvider.NAME, RegisterUntilKilled.class.getClassLoader()).open(config),
            Clock.systemUTC());
        server.load();
        for (long round = 1; ; round++) {
            int group = (int) (round % 4);
            String name = "broker-" + group;
            String addr = "127.0.0." + (group + 1) + ":10911";
            server.routes().registerBroker(broker(name, addr).version(round).topics("topic-" + group + "-", 300, 8)
                .topic("shared", (int) (round % 16) + 1).build());
            server.routes().registerBroker(broker(name, "127.0.0." + (group + 1) + ":10921").id(1).version(round)
                .topics("topic-" + group + "-", 300, 8).build());
            if (round % 3 == 0) {
                server.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", addr, name, 0),
                    new BrokerIdentity("DefaultCluster", "127.0.0." + (group + 1) + ":10921", name, 1)));
            }
            if (round == 8) {
                System.out.println("busy");
            }
        }
    }
}
