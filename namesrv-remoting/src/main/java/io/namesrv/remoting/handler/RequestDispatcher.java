package io.namesrv.remoting.handler;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.remoting.body.BodyFormatException;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends each request to the handler of its code, inline on the I/O thread (reads that never block)
 * or on the worker executor (writes), and writes the response unless the request was oneway.
 */
public final class RequestDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    /** Where a handler runs. */
    public enum Execution {
        /** On the connection's I/O thread: for handlers that only read memory. */
        INLINE,
        /** On the worker executor: for handlers that write to the store. */
        WORKER
    }

    private record Registered(Execution execution, RequestHandler handler) {
    }

    private final Map<Integer, Registered> handlers = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> servedByCode = new ConcurrentHashMap<>();
    private final Executor workers;

    public RequestDispatcher(Executor workers) {
        this.workers = workers;
    }

    public RequestDispatcher register(int code, Execution execution, RequestHandler handler) {
        handlers.put(code, new Registered(execution, handler));
        return this;
    }

    public void dispatch(Channel channel, RemotingCommand request) {
        servedByCode.computeIfAbsent(request.code(), c -> new LongAdder()).increment();
        Registered registered = handlers.get(request.code());
        if (registered == null || registered.execution() == Execution.INLINE) {
            reply(channel, request, process(channel, request));
            return;
        }
        try {
            workers.execute(() -> reply(channel, request, process(channel, request)));
        } catch (RejectedExecutionException e) {
            log.warn("Worker queue full: refusing request code {} from {}", request.code(), channel.remoteAddress());
            reply(channel, request, RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
                "[OVERLOAD]system busy, start flow control for a while"));
        }
    }

    /** Runs the handler and turns every failure into an error response. */
    public RemotingCommand process(Channel channel, RemotingCommand request) {
        Registered registered = handlers.get(request.code());
        if (registered == null) {
            log.debug("Request code {} from {} is not supported", request.code(), channel.remoteAddress());
            return RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                " request type " + request.code() + " not supported");
        }
        try {
            return registered.handler().handle(channel, request);
        } catch (RequestException e) {
            log.warn("Request code {} from {} refused: {}", request.code(), channel.remoteAddress(), e.getMessage());
            return RemotingCommand.responseTo(request, e.code(), e.getMessage());
        } catch (BodyFormatException e) {
            log.warn("Request code {} from {} has a bad body: {}", request.code(), channel.remoteAddress(),
                e.getMessage());
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Request code {} from {} failed", request.code(), channel.remoteAddress(), e);
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, e.toString());
        }
    }

    private static void reply(Channel channel, RemotingCommand request, RemotingCommand response) {
        if (!request.isOneway() && response != null) {
            channel.writeAndFlush(response);
        }
    }

    /** How many requests of each code arrived since start, for the shutdown log. */
    public Map<Integer, Long> servedByCode() {
        Map<Integer, Long> counts = new TreeMap<>();
        servedByCode.forEach((code, count) -> counts.put(code, count.sum()));
        return counts;
    }
}
