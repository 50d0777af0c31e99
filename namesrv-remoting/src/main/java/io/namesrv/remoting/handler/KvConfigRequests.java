package io.namesrv.remoting.handler;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.NameServer;
import io.namesrv.remoting.body.Bodies;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;

import java.util.Map;

import static io.namesrv.remoting.handler.Headers.required;

/** KV config: put, get, delete, and a whole namespace. */
public final class KvConfigRequests {
    private final NameServer nameServer;

    public KvConfigRequests(NameServer nameServer) {
        this.nameServer = nameServer;
    }

    public RemotingCommand put(Channel channel, RemotingCommand request) {
        String namespace = request.extField("namespace");
        String key = request.extField("key");
        if (namespace == null || key == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "namespace or key is null");
        }
        nameServer.kvConfig().put(namespace, key, required(request, "value"));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    // Apache's name server does not check these headers: a missing namespace or key finds nothing
    public RemotingCommand get(Channel channel, RemotingCommand request) {
        String namespace = request.extField("namespace");
        String key = request.extField("key");
        String value = namespace == null || key == null ? null : nameServer.kvConfig().get(namespace, key);
        if (value == null) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                "No config item, Namespace: " + namespace + " Key: " + key);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).extField("value", value);
    }

    public RemotingCommand delete(Channel channel, RemotingCommand request) {
        String namespace = request.extField("namespace");
        String key = request.extField("key");
        if (namespace != null && key != null) {
            nameServer.kvConfig().delete(namespace, key);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    public RemotingCommand listNamespace(Channel channel, RemotingCommand request) {
        String namespace = request.extField("namespace");
        Map<String, String> table = namespace == null ? null : nameServer.kvConfig().namespace(namespace);
        if (table == null) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                "No config item, Namespace: " + namespace);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Bodies.kvTable(table));
    }
}
