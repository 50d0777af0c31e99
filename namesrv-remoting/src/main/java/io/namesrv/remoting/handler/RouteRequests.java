package io.namesrv.remoting.handler;

import io.namesrv.api.model.TopicRouteData;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.NameServer;
import io.namesrv.core.route.ZoneFilter;
import io.namesrv.remoting.body.Bodies;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.namesrv.remoting.handler.Headers.optionalBoolean;

/** What clients ask: a topic's route, the cluster info. */
public final class RouteRequests {
    /** MQVersion.Version.V4_9_4.ordinal(): clients from this version on read standard JSON. */
    static final int V4_9_4 = 401;
    /** The zone RPC hook's header fields (MixAll.ZONE_MODE, MixAll.ZONE_NAME). */
    private static final String ZONE_MODE = "__ZONE_MODE";
    private static final String ZONE_NAME = "__ZONE_NAME";
    private static final Logger log = LoggerFactory.getLogger(RouteRequests.class);
    /** The route cache's body formats. */
    private static final int FASTJSON_DEFAULT = 0;
    private static final int STANDARD_JSON = 1;
    private static final String FAQ_SUFFIX = "\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.";

    private final NameServer nameServer;

    public RouteRequests(NameServer nameServer) {
        this.nameServer = nameServer;
    }

    public RemotingCommand routeByTopic(Channel channel, RemotingCommand request) {
        String topic = request.extField("topic");
        if (topic == null) {
            // as Apache's, which does not check this header: no route for the topic "null"
            return topicNotExist(request, null);
        }
        if (!nameServer.readyForRouteQueries()) {
            log.warn("Route query for {} refused: the name server is in its start-up wait", topic);
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "name server not ready");
        }
        String zoneName = request.extField(ZONE_NAME);
        if (Boolean.parseBoolean(request.extField(ZONE_MODE)) && zoneName != null && !zoneName.isBlank()) {
            TopicRouteData route = nameServer.route(topic);
            if (route == null) {
                return topicNotExist(request, topic);
            }
            // Apache filters after encoding and re-encodes in fastjson's default form, whatever the client
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Bodies.topicRouteData(ZoneFilter.filter(route, zoneName), false));
        }
        boolean standardJson = request.version() >= V4_9_4
            || Boolean.TRUE.equals(optionalBoolean(request, "acceptStandardJsonOnly"));
        byte[] body = encodedRoute(nameServer, topic, standardJson);
        if (body == null) {
            return topicNotExist(request, topic);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }

    /**
     * The route body a client gets for {@code topic} (standard JSON for clients of 4.9.4 and later), from
     * the route cache; null when the topic has no route.
     */
    public static byte[] encodedRoute(NameServer nameServer, String topic, boolean standardJson) {
        return nameServer.encodedRoute(topic, standardJson ? STANDARD_JSON : FASTJSON_DEFAULT,
            route -> Bodies.topicRouteData(route, standardJson));
    }

    private static RemotingCommand topicNotExist(RemotingCommand request, String topic) {
        return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
            "No topic route info in name server for the topic: " + topic + FAQ_SUFFIX);
    }

    public RemotingCommand clusterInfo(Channel channel, RemotingCommand request) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .body(Bodies.clusterInfo(nameServer.routes().clusterInfo()));
    }
}
