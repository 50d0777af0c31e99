package io.namesrv.remoting.handler;

import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;

/** Answers one kind of request. */
@FunctionalInterface
public interface RequestHandler {
    RemotingCommand handle(Channel channel, RemotingCommand request);
}
