package io.namesrv.remoting.handler;

import io.namesrv.api.model.BrokerAddr;
import io.netty.channel.Channel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which connection each broker address registered over, so that a closed connection unregisters it. */
public final class BrokerConnections {
    private final Map<BrokerAddr, Channel> channels = new ConcurrentHashMap<>();

    void bind(BrokerAddr addr, Channel channel) {
        channels.put(addr, channel);
    }

    /** The broker addresses registered over this channel, now forgotten. */
    public List<BrokerAddr> release(Channel channel) {
        List<BrokerAddr> released = channels.entrySet().stream()
            .filter(e -> e.getValue() == channel)
            .map(Map.Entry::getKey)
            .toList();
        released.forEach(addr -> channels.remove(addr, channel));
        return released;
    }

    /** Closes the connection of an expired broker, as Apache's name server does. */
    public void close(BrokerAddr addr) {
        Channel channel = channels.remove(addr);
        if (channel != null) {
            channel.close();
        }
    }
}
