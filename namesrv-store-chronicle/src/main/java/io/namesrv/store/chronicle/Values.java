package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Table values as bytes, each led by {@link #FORMAT_VERSION} so that a later layout can be told
 * apart from this one. What the key already says (a broker's name, a live entry's address) is not
 * repeated in the value.
 */
final class Values {
    /** Bump when a layout below changes, and keep reading the old one. */
    static final int FORMAT_VERSION = 1;

    private Values() {
    }

    static byte[] clusterMembers(Set<String> brokerNames) {
        BinaryWriter out = versioned(2 + brokerNames.size() * 16).writeUnsigned(brokerNames.size());
        brokerNames.forEach(out::writeString);
        return out.toByteArray();
    }

    static Set<String> clusterMembers(byte[] value) {
        BinaryReader in = checkedReader(value);
        int count = in.readCount();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            names.add(in.readString());
        }
        in.expectEnd();
        return Set.copyOf(names);
    }

    static byte[] broker(BrokerData broker) {
        BinaryWriter out = versioned(64)
            .writeString(broker.cluster())
            .writeNullableString(broker.zoneName())
            .writeByte(broker.enableActingMaster() ? 1 : 0)
            .writeUnsigned(broker.brokerAddrs().size());
        broker.brokerAddrs().forEach((id, addr) -> out.writeSigned(id).writeString(addr));
        return out.toByteArray();
    }

    static BrokerData broker(String brokerName, byte[] value) {
        BinaryReader in = checkedReader(value);
        String cluster = in.readString();
        String zoneName = in.readNullableString();
        boolean enableActingMaster = in.readByte() != 0;
        int count = in.readCount();
        TreeMap<Long, String> addrs = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            addrs.put(in.readSigned(), in.readString());
        }
        in.expectEnd();
        return new BrokerData(cluster, brokerName, addrs, zoneName, enableActingMaster);
    }

    static byte[] queue(QueueData queue) {
        return versioned(6)
            .writeSigned(queue.readQueueNums())
            .writeSigned(queue.writeQueueNums())
            .writeSigned(queue.perm())
            .writeSigned(queue.topicSysFlag())
            .toByteArray();
    }

    static QueueData queue(String brokerName, byte[] value) {
        BinaryReader in = checkedReader(value);
        QueueData queue = new QueueData(brokerName, in.readSignedInt(), in.readSignedInt(), in.readSignedInt(),
            in.readSignedInt());
        in.expectEnd();
        return queue;
    }

    static byte[] live(BrokerLiveInfo live) {
        DataVersion version = live.dataVersion();
        return versioned(48)
            .writeSigned(live.lastUpdateTimestamp())
            .writeSigned(live.heartbeatTimeoutMillis())
            .writeSigned(version.stateVersion())
            .writeSigned(version.timestamp())
            .writeSigned(version.counter())
            .writeNullableString(live.haServerAddr())
            .toByteArray();
    }

    static BrokerLiveInfo live(byte[] value) {
        BinaryReader in = checkedReader(value);
        BrokerLiveInfo live = new BrokerLiveInfo(in.readSigned(), in.readSigned(),
            new DataVersion(in.readSigned(), in.readSigned(), in.readSigned()), in.readNullableString());
        in.expectEnd();
        return live;
    }

    static byte[] kvValue(String value) {
        return versioned(value.length() + 2).writeString(value).toByteArray();
    }

    static String kvValue(byte[] value) {
        BinaryReader in = checkedReader(value);
        String text = in.readString();
        in.expectEnd();
        return text;
    }

    private static BinaryWriter versioned(int expectedSize) {
        return new BinaryWriter(expectedSize + 1).writeByte(FORMAT_VERSION);
    }

    private static BinaryReader checkedReader(byte[] value) {
        BinaryReader in = new BinaryReader(value);
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("format version " + version + " is unknown to this build, which reads "
                + FORMAT_VERSION + " (was the store written by a newer namesrv?)");
        }
        return in;
    }
}
