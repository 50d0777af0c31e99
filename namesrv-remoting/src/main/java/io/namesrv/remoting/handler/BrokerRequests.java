package io.namesrv.remoting.handler;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerIdentity;
import io.namesrv.api.model.BrokerRegistration;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.RegisterBrokerResult;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.kv.KvConfigManager;
import io.namesrv.remoting.body.BodyChecksumException;
import io.namesrv.remoting.body.Bodies;
import io.namesrv.remoting.body.BodyFormatException;
import io.namesrv.remoting.body.Json;
import io.namesrv.remoting.body.RegisterBrokerBody;
import io.namesrv.remoting.body.RegisterBrokerBodyDecoder;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static io.namesrv.remoting.handler.Headers.optionalBoolean;
import static io.namesrv.remoting.handler.Headers.optionalInt;
import static io.namesrv.remoting.handler.Headers.optionalLong;
import static io.namesrv.remoting.handler.Headers.required;
import static io.namesrv.remoting.handler.Headers.requiredLong;

/** What brokers send: registration, unregistration, heartbeats and data-version queries. */
public final class BrokerRequests {
    private static final Logger log = LoggerFactory.getLogger(BrokerRequests.class);
    /** MQVersion.Version.V3_0_11.ordinal(): brokers before it sent a bare TopicConfigSerializeWrapper. */
    private static final int V3_0_11 = 37;
    /** MQVersion.Version.V5_0_0.ordinal(): compressed bodies from here on end with static-topic mappings. */
    private static final int V5_0_0 = 413;

    private final NameServer nameServer;
    private final BrokerConnections connections;
    private final RegisterBrokerBodyDecoder bodyDecoder;

    public BrokerRequests(NameServer nameServer, BrokerConnections connections) {
        this.nameServer = nameServer;
        this.connections = connections;
        // a compressed registration may inflate well past the frame limit, but not without bound
        this.bodyDecoder = new RegisterBrokerBodyDecoder(8L * nameServer.config().get(NamesrvConfig.FRAME_MAX_LENGTH));
    }

    public RemotingCommand register(Channel channel, RemotingCommand request) {
        String brokerName = required(request, "brokerName");
        String brokerAddr = required(request, "brokerAddr");
        String clusterName = required(request, "clusterName");
        String haServerAddr = required(request, "haServerAddr");
        long brokerId = requiredLong(request, "brokerId");
        RegisterBrokerBody body;
        try {
            body = body(request, brokerAddr, optionalInt(request, "bodyCrc32", 0));
        } catch (BodyChecksumException e) {
            log.warn("REGISTER_BROKER from {} ({}): CRC32 of the body does not match", brokerAddr, channel.remoteAddress());
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, e.getMessage());
        }

        BrokerRegistration registration = new BrokerRegistration(clusterName, brokerAddr, brokerName, brokerId,
            haServerAddr, request.extField("zoneName"), optionalLong(request, "heartbeatTimeoutMillis"),
            optionalBoolean(request, "enableActingMaster"), body.dataVersion(), body.topicConfigs(),
            body.filterServerList(), body.topicQueueMappings());
        RegisterBrokerResult result = nameServer.routes().registerBroker(registration);
        if (result == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "register broker failed");
        }
        BrokerAddr addr = new BrokerAddr(clusterName, brokerAddr);
        connections.bind(addr, channel);
        nameServer.routes().updateFilterServers(addr, body.filterServerList());

        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .extField("haServerAddr", result.haServerAddr())
            .extField("masterAddr", result.masterAddr());
        if (nameServer.config().get(NamesrvConfig.RETURN_ORDER_TOPIC_CONFIG_TO_BROKER)) {
            Map<String, String> orderTopics =
                nameServer.kvConfig().namespace(KvConfigManager.NAMESPACE_ORDER_TOPIC_CONFIG);
            response.body(orderTopics == null ? null : Bodies.kvTable(orderTopics));
        }
        return response;
    }

    /** The registration's body, checked against {@code bodyCrc32} (0: not checked) before it is decoded. */
    private RegisterBrokerBody body(RemotingCommand request, String brokerAddr, int bodyCrc32) {
        boolean compressed = Boolean.TRUE.equals(optionalBoolean(request, "compressed"));
        boolean withMappings = request.version() >= V5_0_0;
        if (request.heldBody() != null && request.version() >= V3_0_11) {
            return bodyDecoder.decode(request.heldBody(), compressed, withMappings, brokerAddr, bodyCrc32);
        }
        if (bodyCrc32 != 0) {
            RegisterBrokerBodyDecoder.checkCrc32(bodyCrc32, crc32(request.body()));
        }
        return request.version() >= V3_0_11 ? bodyDecoder.decode(request.body(), compressed, withMappings, brokerAddr)
            : legacyBody(request.body());
    }

    private RegisterBrokerBody legacyBody(byte[] body) {
        if (body == null || body.length == 0) {
            return RegisterBrokerBody.EMPTY;
        }
        byte[] wrapped = ("{\"topicConfigSerializeWrapper\":" + new String(body, StandardCharsets.UTF_8)
            + "}").getBytes(StandardCharsets.UTF_8);
        return bodyDecoder.decode(wrapped, false, false);
    }

    private static long crc32(byte[] body) {
        CRC32 crc = new CRC32();
        if (body != null) {
            crc.update(body);
        }
        return crc.getValue();
    }

    /** As Apache's: an unregistration that does not name the broker fully is acknowledged and does nothing. */
    public RemotingCommand unregister(Channel channel, RemotingCommand request) {
        String clusterName = request.extField("clusterName");
        String brokerAddr = request.extField("brokerAddr");
        String brokerName = request.extField("brokerName");
        Long brokerId = optionalLong(request, "brokerId");
        if (clusterName == null || brokerAddr == null || brokerName == null || brokerId == null) {
            log.warn("UNREGISTER_BROKER from {} names no broker fully ({}): ignored", channel.remoteAddress(),
                request.extFields());
        } else {
            nameServer.routes().unregisterBrokers(List.of(new BrokerIdentity(clusterName, brokerAddr, brokerName, brokerId)));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    public RemotingCommand heartbeat(Channel channel, RemotingCommand request) {
        nameServer.routes().heartbeat(new BrokerAddr(required(request, "clusterName"), required(request, "brokerAddr")));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    public RemotingCommand queryDataVersion(Channel channel, RemotingCommand request) {
        BrokerAddr addr = new BrokerAddr(required(request, "clusterName"), required(request, "brokerAddr"));
        DataVersion theirs = decodeDataVersion(request.body());
        DataVersion ours = nameServer.routes().dataVersion(addr);
        boolean changed = ours == null || !ours.equals(theirs);
        nameServer.routes().heartbeat(addr);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .extField("changed", Boolean.toString(changed))
            .body(ours == null ? null : Bodies.dataVersion(ours));
    }

    private static DataVersion decodeDataVersion(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return RegisterBrokerBodyDecoder.dataVersion(Json.MAPPER.readTree(body));
        } catch (IOException e) {
            throw new BodyFormatException("Failed to decode DataVersion: " + e.getMessage(), e);
        }
    }
}
