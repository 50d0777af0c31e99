package io.namesrv.remoting.handler;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.core.NameServer;

import static io.namesrv.remoting.handler.RequestDispatcher.Execution.INLINE;
import static io.namesrv.remoting.handler.RequestDispatcher.Execution.WORKER;

/** Which handler answers which request code. */
public final class NamesrvHandlers {
    private NamesrvHandlers() {
    }

    public static void install(RequestDispatcher dispatcher, NameServer nameServer, BrokerConnections connections) {
        BrokerRequests brokers = new BrokerRequests(nameServer, connections);
        RouteRequests routes = new RouteRequests(nameServer);
        KvConfigRequests kv = new KvConfigRequests(nameServer);
        TopicAdminRequests topics = new TopicAdminRequests(nameServer);
        NamesrvConfigRequests config = new NamesrvConfigRequests(nameServer);
        dispatcher
            .register(RequestCode.REGISTER_BROKER, WORKER, brokers::register)
            .register(RequestCode.UNREGISTER_BROKER, WORKER, brokers::unregister)
            .register(RequestCode.BROKER_HEARTBEAT, WORKER, brokers::heartbeat)
            .register(RequestCode.QUERY_DATA_VERSION, WORKER, brokers::queryDataVersion)
            .register(RequestCode.GET_ROUTEINFO_BY_TOPIC, INLINE, routes::routeByTopic)
            .register(RequestCode.GET_BROKER_CLUSTER_INFO, INLINE, routes::clusterInfo)
            .register(RequestCode.PUT_KV_CONFIG, WORKER, kv::put)
            .register(RequestCode.GET_KV_CONFIG, INLINE, kv::get)
            .register(RequestCode.DELETE_KV_CONFIG, WORKER, kv::delete)
            .register(RequestCode.GET_KVLIST_BY_NAMESPACE, INLINE, kv::listNamespace)
            .register(RequestCode.WIPE_WRITE_PERM_OF_BROKER, WORKER, topics::wipeWritePerm)
            .register(RequestCode.ADD_WRITE_PERM_OF_BROKER, WORKER, topics::addWritePerm)
            .register(RequestCode.DELETE_TOPIC_IN_NAMESRV, WORKER, topics::deleteTopic)
            .register(RequestCode.REGISTER_TOPIC_IN_NAMESRV, WORKER, topics::registerTopic)
            .register(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, INLINE, topics::allTopics)
            .register(RequestCode.GET_TOPICS_BY_CLUSTER, INLINE, topics::topicsOfCluster)
            .register(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, INLINE, topics::systemTopics)
            .register(RequestCode.GET_UNIT_TOPIC_LIST, INLINE, topics::unitTopics)
            .register(RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, INLINE, topics::hasUnitSubTopics)
            .register(RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST, INLINE, topics::hasUnitSubNotUnitTopics)
            .register(RequestCode.GET_BROKER_MEMBER_GROUP, INLINE, topics::brokerMemberGroup)
            .register(RequestCode.UPDATE_NAMESRV_CONFIG, WORKER, config::update)
            .register(RequestCode.GET_NAMESRV_CONFIG, INLINE, config::get);
    }
}
