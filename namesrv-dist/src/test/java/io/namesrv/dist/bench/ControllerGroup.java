package io.namesrv.dist.bench;

/** Three controller nodes and the name server(s) the brokers of a failover register with. */
interface ControllerGroup extends AutoCloseable {
    /** What is measured: "ours, jRaftSync=true", "Apache's 5.4.0 (DLedger)". */
    String describe();

    /** The brokers' and clients' {@code namesrvAddr}. */
    String namesrvAddr();

    /** The brokers' {@code controllerAddr}: the three nodes' request addresses, separated by {@code ;}. */
    String controllerAddr();

    /** One node's request address, for mqadmin's controller calls (any node answers them or names the leader). */
    String firstController();
}
