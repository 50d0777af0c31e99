package io.namesrv.dist.bench;

/** Who a fake broker says it is in REGISTER_BROKER and BROKER_HEARTBEAT headers. */
public record BrokerIdentity(String cluster, String name, String address) {
    static BrokerIdentity number(int i) {
        return new BrokerIdentity("BenchCluster", "bench-broker-" + i, "127.0.0.1:" + (30_911 + 1_000 * i));
    }
}
