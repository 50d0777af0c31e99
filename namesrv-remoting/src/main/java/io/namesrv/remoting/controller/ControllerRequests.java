package io.namesrv.remoting.controller;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.controller.Controller;
import io.namesrv.controller.ControllerMetadata;
import io.namesrv.controller.live.BrokerIdentity;
import io.namesrv.controller.live.BrokerLiveTable;
import io.namesrv.controller.live.Heartbeat;
import io.namesrv.controller.state.BrokerGroup;
import io.namesrv.controller.state.Outcome;
import io.namesrv.core.config.ConfigException;
import io.namesrv.remoting.handler.RequestException;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.namesrv.remoting.handler.Headers.optionalBoolean;
import static io.namesrv.remoting.handler.Headers.optionalInt;
import static io.namesrv.remoting.handler.Headers.optionalLong;
import static io.namesrv.remoting.handler.Headers.required;
import static io.namesrv.remoting.handler.Headers.requiredLong;

/**
 * The controller's requests (1001-1013 but the two it sends) and the controller's part of
 * BROKER_HEARTBEAT, with Apache's headers and bodies. Changes and reads are answered by the Raft
 * leader only; a follower answers CONTROLLER_NOT_LEADER, and brokers find the leader with
 * CONTROLLER_GET_METADATA_INFO, which every node answers.
 */
public final class ControllerRequests {
    /** How long a request waits for its change to commit: Apache's controller waits 5 s too. */
    private static final long COMMIT_WAIT_SECONDS = 5;
    /** Keys UPDATE_CONTROLLER_CONFIG refuses whatever their value, as Apache's controller does. */
    private static final Set<String> BLACK_LIST = Set.of("configBlackList", "configStorePath", "rocketmqHome");

    private final Controller controller;

    public ControllerRequests(Controller controller) {
        this.controller = controller;
    }

    public RemotingCommand metadata(Channel channel, RemotingCommand request) {
        ControllerMetadata metadata = controller.metadata();
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .extField("group", metadata.group())
            .extField("controllerLeaderId", metadata.leaderId())
            .extField("controllerLeaderAddress", metadata.leaderAddress())
            .extField("isLeader", Boolean.toString(metadata.isLeader()))
            .extField("peers", metadata.peers());
    }

    /** BROKER_HEARTBEAT on the controller's own port, answered as Apache's controller answers it. */
    public RemotingCommand heartbeat(Channel channel, RemotingCommand request) {
        if (optionalLong(request, "brokerId") == null) {
            return RemotingCommand.responseTo(request, ResponseCode.CONTROLLER_INVALID_REQUEST, "Heart beat with empty brokerId");
        }
        recordHeartbeat(channel, request);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, "Heart beat success");
    }

    /**
     * Records the controller's part of a BROKER_HEARTBEAT, one that names its broker id (a broker in
     * controller mode); the channel is the connection whose closing makes the broker inactive.
     */
    public void recordHeartbeat(Channel channel, RemotingCommand request) {
        Long brokerId = optionalLong(request, "brokerId");
        String clusterName = request.extField("clusterName");
        String brokerName = request.extField("brokerName");
        if (brokerId == null || clusterName == null || brokerName == null) {
            return;
        }
        Long timeout = optionalLong(request, "heartbeatTimeoutMills");
        Long maxOffset = optionalLong(request, "maxOffset");
        Long confirmOffset = optionalLong(request, "confirmOffset");
        controller.onHeartbeat(new Heartbeat(new BrokerIdentity(clusterName, brokerName, brokerId),
            request.extField("brokerAddr"), timeout == null ? BrokerLiveTable.DEFAULT_TIMEOUT_MILLIS : timeout,
            optionalInt(request, "epoch", -1), maxOffset == null ? -1 : maxOffset,
            confirmOffset == null ? -1 : confirmOffset, optionalInt(request, "electionPriority", Integer.MAX_VALUE), channel));
    }

    public RemotingCommand nextBrokerId(Channel channel, RemotingCommand request) {
        if (!controller.isLeader()) {
            return answer(request, controller.notLeader());
        }
        String brokerName = required(request, "brokerName");
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .extField("clusterName", request.extField("clusterName"))
            .extField("brokerName", brokerName)
            .extField("nextBrokerId", Long.toString(controller.nextBrokerId(brokerName)));
    }

    public RemotingCommand applyBrokerId(Channel channel, RemotingCommand request) {
        String clusterName = required(request, "clusterName");
        String brokerName = required(request, "brokerName");
        Outcome outcome = await(controller.applyBrokerId(clusterName, brokerName, requiredLong(request, "appliedBrokerId"),
            required(request, "registerCheckCode")));
        return answer(request, outcome).extField("clusterName", clusterName).extField("brokerName", brokerName);
    }

    public RemotingCommand registerBroker(Channel channel, RemotingCommand request) {
        String clusterName = required(request, "clusterName");
        String brokerName = required(request, "brokerName");
        long brokerId = requiredLong(request, "brokerId");
        Outcome outcome = await(controller.registerBroker(clusterName, brokerName, brokerId, required(request, "brokerAddress")));
        RemotingCommand response = answer(request, outcome).extField("clusterName", clusterName).extField("brokerName", brokerName);
        if (outcome.succeeded()) {
            BrokerGroup group = outcome.group();
            Long master = group.masterBrokerId();
            if (master != null && controller.isAlive(new BrokerIdentity(group.clusterName(), brokerName, master))) {
                masterHeader(response, group);
            }
            response.body(ControllerBodies.syncStateSet(group));
        }
        return response;
    }

    public RemotingCommand electMaster(Channel channel, RemotingCommand request) {
        Long brokerId = optionalLong(request, "brokerId");
        Boolean designated = optionalBoolean(request, "designateElect");
        Outcome outcome = await(controller.electMaster(request.extField("clusterName"), required(request, "brokerName"),
            brokerId, designated != null && designated));
        RemotingCommand response = answer(request, outcome);
        if (outcome.succeeded() || outcome.code() == ResponseCode.CONTROLLER_MASTER_STILL_EXIST) {
            masterHeader(response, outcome.group());
            response.body(ControllerBodies.electMaster(outcome.group(), outcome.succeeded()));
        }
        return response;
    }

    public RemotingCommand replicaInfo(Channel channel, RemotingCommand request) {
        if (!controller.isLeader()) {
            return answer(request, controller.notLeader());
        }
        BrokerGroup group = controller.group(required(request, "brokerName"));
        if (group == null) {
            return RemotingCommand.responseTo(request, ResponseCode.CONTROLLER_BROKER_METADATA_NOT_EXIST,
                "Broker metadata is not existed");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .extField("masterBrokerId", group.masterBrokerId() == null ? null : Long.toString(group.masterBrokerId()))
            .extField("masterAddress", group.masterAddress())
            .extField("masterEpoch", Integer.toString(group.masterEpoch()))
            .body(ControllerBodies.syncStateSet(group));
    }

    public RemotingCommand alterSyncStateSet(Channel channel, RemotingCommand request) {
        ControllerBodies.SyncStateSetBody body = ControllerBodies.readSyncStateSet(request.body());
        Outcome outcome = await(controller.alterSyncStateSet(required(request, "brokerName"),
            requiredLong(request, "masterBrokerId"), optionalInt(request, "masterEpoch", -1), body.syncStateSet(),
            body.syncStateSetEpoch()));
        RemotingCommand response = answer(request, outcome);
        if (outcome.succeeded()) {
            response.extField("newSyncStateSetEpoch", Integer.toString(outcome.group().syncStateSetEpoch()))
                .body(ControllerBodies.syncStateSet(outcome.group()));
        }
        return response;
    }

    public RemotingCommand syncStateData(Channel channel, RemotingCommand request) {
        if (!controller.isLeader()) {
            return answer(request, controller.notLeader());
        }
        byte[] body = request.body();
        List<String> brokerNames = body == null || body.length == 0 ? List.of() : ControllerBodies.readBrokerNames(body);
        if (brokerNames.isEmpty()) {
            // what Apache's controller answers to no broker names: its response factory's default
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "not set any response code");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .body(ControllerBodies.brokerReplicasInfo(controller.replicaStatuses(brokerNames)));
    }

    public RemotingCommand cleanBrokerData(Channel channel, RemotingCommand request) {
        String ids = request.extField("brokerControllerIdsToClean");
        SortedSet<Long> brokerIds = new TreeSet<>();
        if (ids != null && !ids.isBlank()) {
            try {
                Arrays.stream(ids.split(";")).map(String::trim).filter(id -> !id.isEmpty()).map(Long::valueOf).forEach(brokerIds::add);
            } catch (NumberFormatException e) {
                return RemotingCommand.responseTo(request, ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
                    "Please set the option <brokerControllerIdsToClean> according to the format, exception: " + e);
            }
        }
        Boolean cleanLiving = optionalBoolean(request, "isCleanLivingBroker");
        return answer(request, await(controller.cleanBrokerData(request.extField("clusterName"),
            required(request, "brokerName"), brokerIds, cleanLiving != null && cleanLiving)));
    }

    public RemotingCommand getConfig(Channel channel, RemotingCommand request) {
        StringBuilder text = new StringBuilder();
        controller.config().values().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .body(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public RemotingCommand updateConfig(Channel channel, RemotingCommand request) {
        byte[] body = request.body();
        if (body == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(body, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "string2Properties error");
        }
        if (properties.stringPropertyNames().stream().anyMatch(BLACK_LIST::contains)) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, "Can not update config in black list.");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> changes.put(key, properties.getProperty(key)));
        try {
            controller.config().update(changes);
        } catch (ConfigException e) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, e.getMessage());
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private static void masterHeader(RemotingCommand response, BrokerGroup group) {
        response.extField("masterBrokerId", group.masterBrokerId() == null ? null : Long.toString(group.masterBrokerId()))
            .extField("masterAddress", group.masterAddress())
            .extField("masterEpoch", Integer.toString(group.masterEpoch()))
            .extField("syncStateSetEpoch", Integer.toString(group.syncStateSetEpoch()));
    }

    private static RemotingCommand answer(RemotingCommand request, Outcome outcome) {
        return RemotingCommand.responseTo(request, outcome.code(), outcome.remark());
    }

    private static Outcome await(CompletableFuture<Outcome> pending) {
        try {
            return pending.get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR,
                "the controller change was not committed within " + COMMIT_WAIT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "the controller change failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "interrupted while the controller change commits");
        }
    }
}
