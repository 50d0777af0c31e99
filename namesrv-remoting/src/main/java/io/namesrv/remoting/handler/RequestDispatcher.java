package io.namesrv.remoting.handler;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.durability.StoreUnavailableException;
import io.namesrv.remoting.acl.AccessControl;
import io.namesrv.remoting.body.BodyFormatException;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends each request to the handler of its code, inline on the I/O thread (reads that never block)
 * or on the worker executor (writes), after access control let it through, and writes the response
 * unless the request was oneway.
 */
public final class RequestDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    /** Where a handler runs. */
    public enum Execution {
        /** On the connection's I/O thread: for handlers that only read memory. */
        INLINE,
        /**
         * On the worker executor: for handlers that change state (the store, the live table, the
         * config). These are the requests access control protects.
         */
        WORKER
    }

    private record Registered(Execution execution, RequestHandler handler) {
    }

    private final Map<Integer, Registered> handlers = new ConcurrentHashMap<>();
    private final RequestMetrics metrics;
    private final Executor workers;
    private final AccessControl access;

    public RequestDispatcher(Executor workers, AccessControl access) {
        this(workers, access, new RequestMetrics());
    }

    /** @param metrics where this dispatcher counts its requests: shared by the dispatchers of one server's ports */
    public RequestDispatcher(Executor workers, AccessControl access, RequestMetrics metrics) {
        this.workers = workers;
        this.access = access;
        this.metrics = metrics;
    }

    public RequestDispatcher register(int code, Execution execution, RequestHandler handler) {
        handlers.put(code, new Registered(execution, handler));
        metrics.track(code);
        return this;
    }

    /** The handler registered for {@code code}, null if none: for a module that adds to an existing request. */
    public RequestHandler handlerOf(int code) {
        Registered registered = handlers.get(code);
        return registered == null ? null : registered.handler();
    }

    public void dispatch(Channel channel, RemotingCommand request) {
        long arrived = System.nanoTime();
        Registered registered = handlers.get(request.code());
        if (registered == null || registered.execution() == Execution.INLINE) {
            answer(channel, request, process(channel, request), arrived);
            return;
        }
        try {
            workers.execute(() -> answer(channel, request, process(channel, request), arrived));
        } catch (RejectedExecutionException e) {
            log.warn("Worker queue full: refusing request code {} from {}", request.code(), channel.remoteAddress());
            answer(channel, request, busy(request), arrived);
        }
    }

    /** Answers SYSTEM_BUSY without running the handler (the connection has too much in flight); counted as any answer. */
    public void refuseBusy(Channel channel, RemotingCommand request) {
        answer(channel, request, busy(request), System.nanoTime());
    }

    /** Apache's answer when it sheds load; its clients know the remark. */
    private static RemotingCommand busy(RemotingCommand request) {
        return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
            "[OVERLOAD]system busy, start flow control for a while");
    }

    /**
     * Counted before the write, so a client that has its answer finds it counted. Every request
     * dispatched ends here, answered or refused: the place to free a body held in read buffers.
     */
    private void answer(Channel channel, RemotingCommand request, RemotingCommand response, long arrived) {
        try {
            metrics.record(request.code(), response, arrived);
            reply(channel, request, response);
        } finally {
            request.release();
        }
    }

    /**
     * Checks access, runs the handler and turns every failure into an error response. On the worker
     * for writes, so that the signature of a large registration body is not computed on an I/O thread.
     */
    public RemotingCommand process(Channel channel, RemotingCommand request) {
        Registered registered = handlers.get(request.code());
        String refusal = access.refusalOf(channel, request, registered != null && registered.execution() == Execution.WORKER);
        if (refusal != null) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, refusal);
        }
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
        } catch (StoreUnavailableException e) {
            log.warn("Request code {} from {} refused: {}", request.code(), channel.remoteAddress(), e.getMessage());
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

    /** Requests by code: counts, latency and results since start. */
    public RequestMetrics metrics() {
        return metrics;
    }
}
