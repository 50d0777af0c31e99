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
            .register(RequestCode.GET_KVLIST_BY_NAMESPACE, INLINE, kv::listNamespace);
    }
}
