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
        nameServer.kvConfig().put(required(request, "namespace"), required(request, "key"), required(request, "value"));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    public RemotingCommand get(Channel channel, RemotingCommand request) {
        String namespace = required(request, "namespace");
        String key = required(request, "key");
        String value = nameServer.kvConfig().get(namespace, key);
        if (value == null) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                "No config item, Namespace: " + namespace + " Key: " + key);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).extField("value", value);
    }

    public RemotingCommand delete(Channel channel, RemotingCommand request) {
        nameServer.kvConfig().delete(required(request, "namespace"), required(request, "key"));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    public RemotingCommand listNamespace(Channel channel, RemotingCommand request) {
        String namespace = required(request, "namespace");
        Map<String, String> table = nameServer.kvConfig().namespace(namespace);
        if (table == null) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                "No config item, Namespace: " + namespace);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Bodies.kvTable(table));
    }
}
