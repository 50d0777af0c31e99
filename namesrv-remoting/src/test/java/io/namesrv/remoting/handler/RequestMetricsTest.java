package io.namesrv.remoting.handler;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.metrics.PrometheusText;
import io.namesrv.remoting.acl.AccessControl;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static io.namesrv.remoting.handler.RequestDispatcher.Execution.INLINE;
import static io.namesrv.remoting.handler.RequestDispatcher.Execution.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatcher counts every request it answers, by code and result, whichever way it runs. */
class RequestMetricsTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private boolean workersFull;
    private final Executor workers = task -> {
        if (workersFull) {
            throw new RejectedExecutionException("queue full");
        }
        task.run();
    };
    private final RequestDispatcher dispatcher = new RequestDispatcher(workers, AccessControl.OFF)
        .register(RequestCode.GET_ROUTEINFO_BY_TOPIC, INLINE, (ch, request) -> "t1".equals(request.extField("topic"))
            ? RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            : RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "no route"))
        .register(RequestCode.REGISTER_BROKER, WORKER, (ch, request) -> RemotingCommand.responseTo(request,
            ResponseCode.SUCCESS, null))
        .register(RequestCode.PUT_KV_CONFIG, WORKER, (ch, request) -> {
            throw new IllegalStateException("store down");
        });

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void send(int code, Map<String, String> fields) {
        dispatcher.dispatch(channel, RemotingCommand.request(code, fields));
    }

    private String scrape() {
        PrometheusText out = new PrometheusText();
        dispatcher.metrics().writeTo(out);
        return out.toString();
    }

    @Test
    void inlineAndWorkerRequestsAreCountedByCodeAndResult() {
        send(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "t1"));
        send(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "t1"));
        send(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "nope"));
        send(RequestCode.REGISTER_BROKER, Map.of());
        send(RequestCode.PUT_KV_CONFIG, Map.of());

        String text = scrape();
        assertTrue(text.contains("namesrv_request_duration_seconds_count{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\"} 3\n"), text);
        assertTrue(text.contains("namesrv_request_duration_seconds_bucket{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\",le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("namesrv_responses_total{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\",result=\"SUCCESS\"} 2\n"), text);
        assertTrue(text.contains("namesrv_responses_total{code=\"105\",name=\"GET_ROUTEINFO_BY_TOPIC\",result=\"TOPIC_NOT_EXIST\"} 1\n"), text);
        assertTrue(text.contains("namesrv_responses_total{code=\"100\",name=\"PUT_KV_CONFIG\",result=\"SYSTEM_ERROR\"} 1\n"), text);
        assertTrue(text.contains("namesrv_broker_registrations_total 1\n"), text);
        assertFalse(text.contains("code=\"901\""),
            "a code nobody registered has no series of its own");
        assertEquals(Map.of("100", 1L, "103", 1L, "105", 3L), dispatcher.metrics().servedByCode());
    }

    @Test
    void unsupportedCodesShareOneSeriesWhateverTheClientSends() {
        send(9999, Map.of());
        send(123_456, Map.of());
        send(-7, Map.of());

        String text = scrape();
        assertTrue(text.contains("namesrv_request_duration_seconds_count{code=\"other\",name=\"UNSUPPORTED\"} 3\n"), text);
        assertTrue(text.contains("namesrv_responses_total{code=\"other\",name=\"UNSUPPORTED\",result=\"REQUEST_CODE_NOT_SUPPORTED\"} 3\n"), text);
        assertFalse(text.contains("code=\"9999\"") || text.contains("code=\"123456\""), text);
    }

    @Test
    void aRequestRefusedForAFullWorkerQueueIsCountedAsBusy() {
        workersFull = true;
        send(RequestCode.REGISTER_BROKER, Map.of());

        String text = scrape();
        assertTrue(text.contains("namesrv_responses_total{code=\"103\",name=\"REGISTER_BROKER\",result=\"SYSTEM_BUSY\"} 1\n"), text);
        assertTrue(text.contains("namesrv_broker_registrations_total 0\n"), text);
    }

    @Test
    void aOnewayRequestWithNothingToAnswerIsCountedAsNone() {
        dispatcher.register(RequestCode.UNREGISTER_BROKER, WORKER, (ch, request) -> null);
        dispatcher.dispatch(channel, RemotingCommand.request(RequestCode.UNREGISTER_BROKER, Map.of()).markOneway());

        assertTrue(scrape().contains("namesrv_responses_total{code=\"104\",name=\"UNREGISTER_BROKER\",result=\"NONE\"} 1\n"));
        assertNull(channel.readOutbound(), "nothing written for a oneway request");
    }
}
