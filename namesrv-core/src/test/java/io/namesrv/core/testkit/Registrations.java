package io.namesrv.core.testkit;

import io.namesrv.api.model.BrokerRegistration;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.Perm;
import io.namesrv.api.model.TopicConfig;
import io.namesrv.api.model.TopicQueueMapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the registrations a real broker would send. */
public final class Registrations {
    private String cluster = "DefaultCluster";
    private String brokerName = "broker-a";
    private String brokerAddr = "127.0.0.1:10911";
    private long brokerId = 0;
    private String haServerAddr = "127.0.0.1:10912";
    private Long timeoutMillis;
    private String zoneName;
    private Boolean enableActingMaster = false;
    private DataVersion dataVersion = new DataVersion(0, 1_000, 1);
    private final Map<String, TopicConfig> topics = new LinkedHashMap<>();
    private final Map<String, TopicQueueMapping> mappings = new LinkedHashMap<>();
    private boolean ownTopic = true;

    public static Registrations broker(String brokerName, String brokerAddr) {
        Registrations r = new Registrations();
        r.brokerName = brokerName;
        r.brokerAddr = brokerAddr;
        return r;
    }

    public Registrations cluster(String name) {
        this.cluster = name;
        return this;
    }

    public Registrations id(long id) {
        this.brokerId = id;
        return this;
    }

    public Registrations haServerAddr(String addr) {
        this.haServerAddr = addr;
        return this;
    }

    public Registrations zone(String name) {
        this.zoneName = name;
        return this;
    }

    public Registrations timeoutMillis(long millis) {
        this.timeoutMillis = millis;
        return this;
    }

    public Registrations actingMaster(Boolean enabled) {
        this.enableActingMaster = enabled;
        return this;
    }

    public Registrations version(long counter) {
        this.dataVersion = new DataVersion(0, 1_000 + counter, counter);
        return this;
    }

    public Registrations topic(String name, int queues) {
        return topic(name, queues, Perm.READ | Perm.WRITE);
    }

    public Registrations topic(String name, int queues, int perm) {
        topics.put(name, new TopicConfig(name, queues, queues, perm, 0, false));
        return this;
    }

    public Registrations topics(String prefix, int count, int queues) {
        for (int i = 0; i < count; i++) {
            topic(prefix + i, queues);
        }
        return this;
    }

    /** A static topic: this broker hosts the given logical queues of it, mapped to physical queues 0, 1, ... */
    public Registrations staticTopic(String name, int totalQueues, int... logicalQueues) {
        Map<Integer, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < logicalQueues.length; i++) {
            ids.put(logicalQueues[i], i);
        }
        topic(name, logicalQueues.length);
        mappings.put(name, TopicQueueMapping.of(name, "__global__", totalQueues, brokerName, 1, false, ids));
        return this;
    }

    /** Leaves out the topic named after the broker, which a real broker's full registration always has. */
    public Registrations withoutOwnTopic() {
        this.ownTopic = false;
        return this;
    }

    public BrokerRegistration build() {
        if (ownTopic) {
            topics.putIfAbsent(brokerName, new TopicConfig(brokerName, 1, 1, Perm.READ | Perm.WRITE, 0, false));
        }
        return new BrokerRegistration(cluster, brokerAddr, brokerName, brokerId, haServerAddr, zoneName, timeoutMillis,
            enableActingMaster, dataVersion, new LinkedHashMap<>(topics), List.of(), new LinkedHashMap<>(mappings));
    }
}
