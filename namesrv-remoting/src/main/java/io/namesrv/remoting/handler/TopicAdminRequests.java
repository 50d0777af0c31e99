package io.namesrv.remoting.handler;

import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.QueueData;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.ConfigKey;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.route.RouteImage;
import io.namesrv.core.route.TopicLists;
import io.namesrv.remoting.body.Bodies;
import io.namesrv.remoting.body.RouteBodyDecoder;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.namesrv.remoting.handler.Headers.required;

/** What admin tools ask of topics and broker groups: lists, deletion, registration, write permission. */
public final class TopicAdminRequests {
    private final NameServer nameServer;

    public TopicAdminRequests(NameServer nameServer) {
        this.nameServer = nameServer;
    }

    public RemotingCommand wipeWritePerm(Channel channel, RemotingCommand request) {
        int topics = nameServer.routes().changeWritePerm(required(request, "brokerName"), false);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .extField("wipeTopicCount", Integer.toString(topics));
    }

    public RemotingCommand addWritePerm(Channel channel, RemotingCommand request) {
        int topics = nameServer.routes().changeWritePerm(required(request, "brokerName"), true);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .extField("addTopicCount", Integer.toString(topics));
    }

    public RemotingCommand deleteTopic(Channel channel, RemotingCommand request) {
        nameServer.routes().deleteTopic(required(request, "topic"), request.extField("clusterName"));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    public RemotingCommand registerTopic(Channel channel, RemotingCommand request) {
        String topic = required(request, "topic");
        List<QueueData> queueDatas = RouteBodyDecoder.queueDatas(request.body());
        if (!queueDatas.isEmpty()) {
            nameServer.routes().registerTopic(topic, queueDatas);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    public RemotingCommand allTopics(Channel channel, RemotingCommand request) {
        return topicList(request, NamesrvConfig.ENABLE_ALL_TOPIC_LIST, TopicLists::all);
    }

    public RemotingCommand topicsOfCluster(Channel channel, RemotingCommand request) {
        String cluster = required(request, "cluster");
        return topicList(request, NamesrvConfig.ENABLE_TOPIC_LIST, image -> TopicLists.ofCluster(image, cluster));
    }

    public RemotingCommand systemTopics(Channel channel, RemotingCommand request) {
        RouteImage image = nameServer.routes().image();
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .body(Bodies.topicList(TopicLists.system(image), TopicLists.anyBrokerAddr(image)));
    }

    public RemotingCommand unitTopics(Channel channel, RemotingCommand request) {
        return topicList(request, NamesrvConfig.ENABLE_TOPIC_LIST, TopicLists::unit);
    }

    public RemotingCommand hasUnitSubTopics(Channel channel, RemotingCommand request) {
        return topicList(request, NamesrvConfig.ENABLE_TOPIC_LIST, TopicLists::hasUnitSub);
    }

    public RemotingCommand hasUnitSubNotUnitTopics(Channel channel, RemotingCommand request) {
        return topicList(request, NamesrvConfig.ENABLE_TOPIC_LIST, TopicLists::hasUnitSubNotUnit);
    }

    private RemotingCommand topicList(RemotingCommand request, ConfigKey<Boolean> enabledBy,
                                      Function<RouteImage, Set<String>> query) {
        if (!nameServer.config().get(enabledBy)) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "disable");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .body(Bodies.topicList(query.apply(nameServer.routes().image()), null));
    }

    public RemotingCommand brokerMemberGroup(Channel channel, RemotingCommand request) {
        String cluster = required(request, "clusterName");
        String brokerName = required(request, "brokerName");
        BrokerData brokerData = nameServer.routes().image().brokers().get(brokerName);
        Map<Long, String> members = brokerData == null ? Map.of() : brokerData.brokerAddrs();
        // Apache's answer keeps the placeholder remark of its response factory; clients ignore it
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, "not set any response code")
            .body(Bodies.brokerMemberGroup(cluster, brokerName, members));
    }
}
