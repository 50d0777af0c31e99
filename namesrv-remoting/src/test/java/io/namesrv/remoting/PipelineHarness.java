package io.namesrv.remoting;

import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.remoting.acl.AccessControl;
import io.namesrv.remoting.handler.BrokerConnections;
import io.namesrv.remoting.handler.NamesrvHandlers;
import io.namesrv.remoting.handler.RequestDispatcher;
import io.namesrv.remoting.netty.InFlightLimiter;
import io.namesrv.remoting.netty.ReadBackpressure;
import io.namesrv.remoting.netty.RemotingCommandEncoder;
import io.namesrv.remoting.netty.RemotingFrameDecoder;
import io.namesrv.remoting.netty.ServerConnectionHandler;
import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The server's pipeline on an EmbeddedChannel (TLS and the idle timeout left out), over a real name server with the memory store;
 * writes run on the calling thread so that a test sees their response at once.
 */
final class PipelineHarness implements AutoCloseable {
    static final int MAX_FRAME = 64 * 1024;

    final NameServer nameServer;
    final BrokerConnections connections = new BrokerConnections();
    final RequestDispatcher dispatcher;

    PipelineHarness(Map<String, String> settings) {
        this(settings, Runnable::run);
    }

    /** @param workers where requests that change state run; the test decides when */
    PipelineHarness(Map<String, String> settings, Executor workers) {
        NamesrvConfig config = NamesrvConfig.of(settings);
        dispatcher = new RequestDispatcher(workers, AccessControl.from(config));
        nameServer = new NameServer(config, RouteStores.byName("memory", getClass().getClassLoader()).open(config),
            Clock.systemUTC());
        nameServer.load();
        NamesrvHandlers.install(dispatcher, nameServer, connections);
    }

    PipelineHarness() {
        this(Map.of(NamesrvConfig.FRAME_MAX_LENGTH.name(), Integer.toString(MAX_FRAME)));
    }

    EmbeddedChannel channel() {
        return new EmbeddedChannel(new RemotingCommandEncoder(),
            new RemotingFrameDecoder(nameServer.config().get(NamesrvConfig.FRAME_MAX_LENGTH)), new ReadBackpressure(),
            new InFlightLimiter(nameServer.config().get(NamesrvConfig.SERVER_MAX_IN_FLIGHT_PER_CONNECTION), dispatcher),
            new ServerConnectionHandler(dispatcher, ch -> connections.release(ch)
                .forEach(addr -> nameServer.routes().brokerGone(addr))));
    }

    static ByteBuf frame(RemotingCommand command) {
        ByteBuf buf = Unpooled.buffer();
        CommandCodec.encode(command, buf);
        return buf;
    }

    /** Sends the request and returns the response the server wrote, or null if none. */
    static RemotingCommand exchange(EmbeddedChannel channel, RemotingCommand request) {
        channel.writeInbound(frame(request));
        return readResponse(channel);
    }

    static RemotingCommand readResponse(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        if (out == null) {
            return null;
        }
        try {
            out.readInt();
            return CommandCodec.decode(out);
        } finally {
            out.release();
        }
    }

    @Override
    public void close() {
        nameServer.close();
    }
}
