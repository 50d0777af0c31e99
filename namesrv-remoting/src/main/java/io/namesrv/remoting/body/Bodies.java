package io.namesrv.remoting.body;

import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.ClusterInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.api.model.TopicQueueMapping;
import io.namesrv.api.model.TopicRouteData;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Response bodies, byte for byte as Apache's name server writes them with fastjson: bean fields in
 * alphabetical order, null fields left out, and (unless standard JSON is asked for) numeric map
 * keys without quotes.
 */
public final class Bodies {
    private static final long MAX_SAFE_JS_INTEGER = 9007199254740991L;

    private Bodies() {
    }

    /**
     * @param standardJson quote every key, as Apache does for clients of 4.9.4 and later and for
     *                     requests with acceptStandardJsonOnly
     */
    public static byte[] topicRouteData(TopicRouteData route, boolean standardJson) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("brokerDatas").beginArray();
        for (BrokerData brokerData : route.brokerDatas()) {
            brokerData(w, brokerData, standardJson);
        }
        w.endArray();
        w.name("filterServerTable").beginObject();
        new TreeMap<>(route.filterServerTable()).forEach((addr, servers) -> {
            w.name(addr);
            stringArray(w, servers);
        });
        w.endObject();
        if (route.orderTopicConf() != null) {
            w.name("orderTopicConf").value(route.orderTopicConf());
        }
        w.name("queueDatas").beginArray();
        for (QueueData queueData : route.queueDatas()) {
            queueData(w, queueData);
        }
        w.endArray();
        if (route.topicQueueMappingByBroker() != null) {
            w.name("topicQueueMappingByBroker").beginObject();
            new TreeMap<>(route.topicQueueMappingByBroker()).forEach((brokerName, mapping) -> {
                w.name(brokerName);
                topicQueueMapping(w, mapping, standardJson);
            });
            w.endObject();
        }
        return w.endObject().toBytes();
    }

    public static byte[] clusterInfo(ClusterInfo info) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("brokerAddrTable").beginObject();
        new TreeMap<>(info.brokerAddrTable()).forEach((name, brokerData) -> {
            w.name(name);
            brokerData(w, brokerData, false);
        });
        w.endObject();
        w.name("clusterAddrTable").beginObject();
        new TreeMap<>(info.clusterAddrTable()).forEach((cluster, brokerNames) -> {
            w.name(cluster);
            stringArray(w, new TreeSet<>(brokerNames));
        });
        w.endObject();
        return w.endObject().toBytes();
    }

    /** KVTable: {@code {"table":{"k":"v"}}}. */
    public static byte[] kvTable(Map<String, String> table) {
        JsonWriter w = new JsonWriter().beginObject().name("table").beginObject();
        new TreeMap<>(table).forEach((k, v) -> w.name(k).value(v));
        return w.endObject().endObject().toBytes();
    }

    public static byte[] dataVersion(DataVersion version) {
        return new JsonWriter().beginObject()
            .name("counter").value(version.counter())
            .name("stateVersion").value(version.stateVersion())
            .name("timestamp").value(version.timestamp())
            .endObject().toBytes();
    }

    /** TopicList: {@code {"brokerAddr":...,"topicList":[...]}}, brokerAddr left out when null. */
    public static byte[] topicList(Set<String> topics, String brokerAddr) {
        JsonWriter w = new JsonWriter().beginObject();
        if (brokerAddr != null) {
            w.name("brokerAddr").value(brokerAddr);
        }
        w.name("topicList");
        stringArray(w, new TreeSet<>(topics));
        return w.endObject().toBytes();
    }

    /** GetBrokerMemberGroupResponseBody: the members of one broker group, by broker id; null names left out. */
    public static byte[] brokerMemberGroup(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
        JsonWriter w = new JsonWriter().beginObject().name("brokerMemberGroup").beginObject();
        w.name("brokerAddrs").beginObject();
        new TreeMap<>(brokerAddrs).forEach((id, addr) -> w.numericName(id, false).value(addr));
        w.endObject();
        if (brokerName != null) {
            w.name("brokerName").value(brokerName);
        }
        if (cluster != null) {
            w.name("cluster").value(cluster);
        }
        return w.endObject().endObject().toBytes();
    }

    private static void brokerData(JsonWriter w, BrokerData brokerData, boolean standardJson) {
        w.beginObject();
        w.name("brokerAddrs").beginObject();
        brokerData.brokerAddrs().forEach((id, addr) -> w.numericName(id, standardJson).value(addr));
        w.endObject();
        w.name("brokerName").value(brokerData.brokerName());
        w.name("cluster").value(brokerData.cluster());
        w.name("enableActingMaster").value(brokerData.enableActingMaster());
        if (brokerData.zoneName() != null) {
            w.name("zoneName").value(brokerData.zoneName());
        }
        w.endObject();
    }

    private static void topicQueueMapping(JsonWriter w, TopicQueueMapping mapping, boolean standardJson) {
        w.beginObject().name("bname").value(mapping.bname());
        w.name("currIdMap").beginObject();
        mapping.currIdMap().forEach((logical, physical) -> w.numericName(logical, standardJson).value(physical));
        w.endObject();
        w.name("dirty").value(mapping.dirty());
        w.name("epoch");
        if (standardJson && Math.abs(mapping.epoch()) > MAX_SAFE_JS_INTEGER) {
            // fastjson's BrowserCompatible: a long a browser would round is written as a string
            w.value(Long.toString(mapping.epoch()));
        } else {
            w.value(mapping.epoch());
        }
        if (mapping.scope() != null) {
            w.name("scope").value(mapping.scope());
        }
        if (mapping.topic() != null) {
            w.name("topic").value(mapping.topic());
        }
        w.name("totalQueues").value(mapping.totalQueues());
        w.endObject();
    }

    private static void queueData(JsonWriter w, QueueData queueData) {
        w.beginObject()
            .name("brokerName").value(queueData.brokerName())
            .name("perm").value(queueData.perm())
            .name("readQueueNums").value(queueData.readQueueNums())
            .name("topicSysFlag").value(queueData.topicSysFlag())
            .name("writeQueueNums").value(queueData.writeQueueNums())
            .endObject();
    }

    private static void stringArray(JsonWriter w, Iterable<String> values) {
        w.beginArray();
        values.forEach(w::value);
        w.endArray();
    }
}
