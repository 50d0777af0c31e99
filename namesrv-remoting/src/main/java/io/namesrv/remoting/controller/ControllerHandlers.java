package io.namesrv.remoting.controller;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.remoting.handler.RequestDispatcher;
import io.namesrv.remoting.handler.RequestHandler;

import static io.namesrv.remoting.handler.RequestDispatcher.Execution.INLINE;
import static io.namesrv.remoting.handler.RequestDispatcher.Execution.WORKER;

/** Which controller handler answers which request code, next to the name server's own. */
public final class ControllerHandlers {
    private ControllerHandlers() {
    }

    /**
     * The controller's codes on a port of its own (Apache's layout): BROKER_HEARTBEAT is the
     * controller's alone, and every other code is not supported there.
     */
    public static void installAlone(RequestDispatcher dispatcher, ControllerRequests controller) {
        dispatcher.register(RequestCode.BROKER_HEARTBEAT, WORKER, controller::heartbeat);
        installRequests(dispatcher, controller);
    }

    /**
     * The controller's codes on the name server's port: BROKER_HEARTBEAT goes to the controller and
     * then, as before, to the name server, since the same broker may send it to both on one connection.
     */
    public static void installBesideNameServer(RequestDispatcher dispatcher, ControllerRequests controller) {
        RequestHandler nameServerHeartbeat = dispatcher.handlerOf(RequestCode.BROKER_HEARTBEAT);
        dispatcher.register(RequestCode.BROKER_HEARTBEAT, WORKER, (channel, request) -> {
            controller.recordHeartbeat(channel, request);
            return nameServerHeartbeat.handle(channel, request);
        });
        installRequests(dispatcher, controller);
    }

    private static void installRequests(RequestDispatcher dispatcher, ControllerRequests controller) {
        dispatcher
            .register(RequestCode.CONTROLLER_GET_METADATA_INFO, INLINE, controller::metadata)
            .register(RequestCode.CONTROLLER_GET_NEXT_BROKER_ID, INLINE, controller::nextBrokerId)
            .register(RequestCode.CONTROLLER_APPLY_BROKER_ID, WORKER, controller::applyBrokerId)
            .register(RequestCode.CONTROLLER_REGISTER_BROKER, WORKER, controller::registerBroker)
            .register(RequestCode.CONTROLLER_ELECT_MASTER, WORKER, controller::electMaster)
            .register(RequestCode.CONTROLLER_GET_REPLICA_INFO, INLINE, controller::replicaInfo)
            .register(RequestCode.CONTROLLER_ALTER_SYNC_STATE_SET, WORKER, controller::alterSyncStateSet)
            .register(RequestCode.CONTROLLER_GET_SYNC_STATE_DATA, INLINE, controller::syncStateData)
            .register(RequestCode.CLEAN_BROKER_DATA, WORKER, controller::cleanBrokerData)
            .register(RequestCode.GET_CONTROLLER_CONFIG, INLINE, controller::getConfig)
            .register(RequestCode.UPDATE_CONTROLLER_CONFIG, WORKER, controller::updateConfig);
    }
}
