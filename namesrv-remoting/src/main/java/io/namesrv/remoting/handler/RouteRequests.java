package io.namesrv.remoting.handler;

import io.namesrv.api.model.TopicRouteData;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.NameServer;
import io.namesrv.remoting.body.Bodies;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;

import static io.namesrv.remoting.handler.Headers.optionalBoolean;
import static io.namesrv.remoting.handler.Headers.required;

/** What clients ask: a topic's route, the cluster info. */
public final class RouteRequests {
    /** MQVersion.Version.V4_9_4.ordinal(): clients from this version on read standard JSON. */
    static final int V4_9_4 = 401;
    private static final String FAQ_SUFFIX = "\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.";

    private final NameServer nameServer;

    public RouteRequests(NameServer nameServer) {
        this.nameServer = nameServer;
    }

    public RemotingCommand routeByTopic(Channel channel, RemotingCommand request) {
        String topic = required(request, "topic");
        TopicRouteData route = nameServer.route(topic);
        if (route == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                "No topic route info in name server for the topic: " + topic + FAQ_SUFFIX);
        }
        boolean standardJson = request.version() >= V4_9_4
            || Boolean.TRUE.equals(optionalBoolean(request, "acceptStandardJsonOnly"));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .body(Bodies.topicRouteData(route, standardJson));
    }

    public RemotingCommand clusterInfo(Channel channel, RemotingCommand request) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .body(Bodies.clusterInfo(nameServer.routes().clusterInfo()));
    }
}
