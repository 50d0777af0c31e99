package io.namesrv.remoting.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.namesrv.controller.ReplicaStatus;
import io.namesrv.controller.state.BrokerGroup;
import io.namesrv.remoting.body.BodyFormatException;
import io.namesrv.remoting.body.Json;
import io.namesrv.remoting.body.JsonWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The controller's bodies as Apache's fastjson writes them (fields in alphabetical order, numeric
 * map keys unquoted, null fields left out), and the two bodies it reads.
 */
final class ControllerBodies {
    private ControllerBodies() {
    }

    /** A SyncStateSet read from an ALTER_SYNC_STATE_SET request. */
    record SyncStateSetBody(SortedSet<Long> syncStateSet, int syncStateSetEpoch) {
    }

    /** SyncStateSet: {@code {"syncStateSet":[1,2],"syncStateSetEpoch":3}}. */
    static byte[] syncStateSet(BrokerGroup group) {
        JsonWriter w = new JsonWriter().beginObject();
        idArray(w.name("syncStateSet"), group.syncStateSet());
        return w.name("syncStateSetEpoch").value(group.syncStateSetEpoch()).endObject().toBytes();
    }

    /** ElectMasterResponseBody: the member group only for a new master, the SyncStateSet always. */
    static byte[] electMaster(BrokerGroup group, boolean withMemberGroup) {
        JsonWriter w = new JsonWriter().beginObject();
        if (withMemberGroup) {
            w.name("brokerMemberGroup").beginObject().name("brokerAddrs").beginObject();
            group.memberAddresses().forEach((id, address) -> w.numericName(id, false).value(address));
            w.endObject().name("brokerName").value(group.brokerName()).name("cluster").value(group.clusterName()).endObject();
        }
        idArray(w.name("syncStateSet"), group.syncStateSet());
        return w.endObject().toBytes();
    }

    /** BrokerReplicasInfo: each group's master, epochs, and members in and out of the SyncStateSet with liveness. */
    static byte[] brokerReplicasInfo(List<ReplicaStatus> statuses) {
        JsonWriter w = new JsonWriter().beginObject().name("replicasInfoTable").beginObject();
        for (ReplicaStatus status : statuses.stream().sorted((a, b) -> a.group().brokerName().compareTo(b.group().brokerName())).toList()) {
            BrokerGroup group = status.group();
            w.name(group.brokerName()).beginObject();
            w.name("inSyncReplicas").beginArray();
            group.memberAddresses().forEach((id, address) -> {
                if (group.syncStateSet().contains(id)) {
                    replica(w, group.brokerName(), id, address, status.aliveBrokerIds().contains(id));
                }
            });
            w.endArray();
            if (group.masterAddress() != null) {
                w.name("masterAddress").value(group.masterAddress());
            }
            if (group.masterBrokerId() != null) {
                w.name("masterBrokerId").value(group.masterBrokerId());
            }
            w.name("masterEpoch").value(group.masterEpoch());
            w.name("notInSyncReplicas").beginArray();
            group.memberAddresses().forEach((id, address) -> {
                if (!group.syncStateSet().contains(id)) {
                    replica(w, group.brokerName(), id, address, status.aliveBrokerIds().contains(id));
                }
            });
            w.endArray();
            w.name("syncStateSetEpoch").value(group.syncStateSetEpoch()).endObject();
        }
        return w.endObject().endObject().toBytes();
    }

    static SyncStateSetBody readSyncStateSet(byte[] body) {
        JsonNode root = parse(body);
        SortedSet<Long> ids = new TreeSet<>();
        JsonNode set = root.path("syncStateSet");
        if (!set.isArray()) {
            throw new BodyFormatException("SyncStateSet body without a syncStateSet array");
        }
        set.forEach(id -> ids.add(id.asLong()));
        return new SyncStateSetBody(ids, root.path("syncStateSetEpoch").asInt());
    }

    /** The broker names of a GET_SYNC_STATE_DATA request: a JSON array of strings. */
    static List<String> readBrokerNames(byte[] body) {
        JsonNode root = parse(body);
        if (!root.isArray()) {
            throw new BodyFormatException("expected a JSON array of broker names");
        }
        List<String> names = new ArrayList<>();
        root.forEach(name -> names.add(name.asText()));
        return names;
    }

    private static void replica(JsonWriter w, String brokerName, long id, String address, boolean alive) {
        w.beginObject().name("alive").value(alive).name("brokerAddress").value(address).name("brokerId").value(id)
            .name("brokerName").value(brokerName).endObject();
    }

    private static void idArray(JsonWriter w, SortedSet<Long> ids) {
        w.beginArray();
        ids.forEach(w::value);
        w.endArray();
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BodyFormatException("the request has no body");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BodyFormatException("body is not JSON: " + e.getMessage());
        }
    }
}
