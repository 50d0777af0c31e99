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


/**
 * What admin tools ask of topics and broker groups: lists, deletion, registration, write permission.
 * As Apache's name server, a request missing its topic, cluster or broker name is answered as
 * finding nothing (count 0, empty list) rather than refused.
 */
public final class TopicAdminRequests {
    private final NameServer nameServer;

    public TopicAdminRequests(NameServer nameServer) {
        this.nameServer = nameServer;
    }

    public RemotingCommand wipeWritePerm(Channel channel, RemotingCommand request) {
        String brokerName = request.extField("brokerName");
        int topics = brokerName == null ? 0 : nameServer.routes().changeWritePerm(brokerName, false);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .extField("wipeTopicCount", Integer.toString(topics));
    }

    public RemotingCommand addWritePerm(Channel channel, RemotingCommand request) {
        String brokerName = request.extField("brokerName");
        int topics = brokerName == null ? 0 : nameServer.routes().changeWritePerm(brokerName, true);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .extField("addTopicCount", Integer.toString(topics));
    }

    public RemotingCommand deleteTopic(Channel channel, RemotingCommand request) {
        String topic = request.extField("topic");
        if (topic != null) {
            nameServer.routes().deleteTopic(topic, request.extField("clusterName"));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    public RemotingCommand registerTopic(Channel channel, RemotingCommand request) {
        String topic = request.extField("topic");
        List<QueueData> queueDatas = RouteBodyDecoder.queueDatas(request.body());
        if (topic != null && !queueDatas.isEmpty()) {
            nameServer.routes().registerTopic(topic, queueDatas);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    public RemotingCommand allTopics(Channel channel, RemotingCommand request) {
        return topicList(request, NamesrvConfig.ENABLE_ALL_TOPIC_LIST, TopicLists::all);
    }

    public RemotingCommand topicsOfCluster(Channel channel, RemotingCommand request) {
        String cluster = request.extField("cluster");
        return topicList(request, NamesrvConfig.ENABLE_TOPIC_LIST,
            image -> cluster == null ? Set.of() : TopicLists.ofCluster(image, cluster));
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
        String cluster = request.extField("clusterName");
        String brokerName = request.extField("brokerName");
        BrokerData brokerData = brokerName == null ? null : nameServer.routes().image().brokers().get(brokerName);
        Map<Long, String> members = brokerData == null ? Map.of() : brokerData.brokerAddrs();
        // Apache's answer keeps the placeholder remark of its response factory; clients ignore it
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, "not set any response code")
            .body(Bodies.brokerMemberGroup(cluster, brokerName, members));
    }
}
