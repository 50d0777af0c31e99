package io.namesrv.store.chronicle;

/** The store's tables, one Chronicle Map file each. */
enum Table {
    CLUSTERS("clusters", "cluster table", "one per cluster"),
    BROKERS("brokers", "broker table", "one per broker group"),
    TOPIC_QUEUES("topic-queues", "topic-queue table", "one per topic and broker group serving it"),
    LIVE("live", "live table", "one per broker address, four per expected broker group"),
    KV_CONFIG("kv-config", "KV config table", "one per namespace and key");

    private final String fileStem;
    private final String title;
    private final String entries;

    Table(String fileStem, String title, String entries) {
        this.fileStem = fileStem;
        this.title = title;
        this.entries = entries;
    }

    String fileStem() {
        return fileStem;
    }

    String title() {
        return title;
    }

    /** What one entry stands for, for the operator who has to size the table. */
    String entries() {
        return entries;
    }
}
