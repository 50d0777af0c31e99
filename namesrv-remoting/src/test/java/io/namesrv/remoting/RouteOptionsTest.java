package io.namesrv.remoting;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.testkit.Registrations;
import io.namesrv.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.namesrv.route.ZoneRouteRPCHook;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static io.namesrv.remoting.PipelineHarness.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Zone mode and the start-up wait, against Apache RocketMQ 5.4.0's own zone hook. */
class RouteOptionsTest {
    private static final String A = "127.0.0.1:10911";
    private static final String B = "127.0.0.1:20911";

    private static RemotingCommand routeRequest(Map<String, String> fields) {
        return RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, fields).opaque(9).version(493);
    }

    @Test
    void aClientInZoneModeGetsItsZoneAsApachesHookWouldFilterIt() throws Exception {
        try (PipelineHarness harness = new PipelineHarness()) {
            harness.nameServer.routes().registerBroker(Registrations.broker("broker-a", A).zone("zone-1")
                .topic("orders", 4).build());
            harness.nameServer.routes().registerBroker(Registrations.broker("broker-b", B).zone("zone-2")
                .topic("orders", 4).build());
            Map<String, String> zoned = Map.of("topic", "orders", "__ZONE_MODE", "true", "__ZONE_NAME", "ZONE-1");

            RemotingCommand ours = exchange(harness.channel(), routeRequest(zoned));

            RemotingCommand unfiltered = exchange(harness.channel(), routeRequest(Map.of("topic", "orders")));
            org.apache.rocketmq.remoting.protocol.RemotingCommand apacheRequest =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(105, null);
            apacheRequest.setExtFields(new HashMap<>(zoned));
            org.apache.rocketmq.remoting.protocol.RemotingCommand apacheResponse =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(0, null);
            apacheResponse.setBody(unfiltered.body());
            new ZoneRouteRPCHook().doAfterResponse(A, apacheRequest, apacheResponse);

            assertEquals(new String(apacheResponse.getBody(), StandardCharsets.UTF_8),
                new String(ours.body(), StandardCharsets.UTF_8));
            TopicRouteData route = TopicRouteData.decode(ours.body(), TopicRouteData.class);
            assertEquals("broker-a", route.getBrokerDatas().stream().map(BrokerData::getBrokerName).findFirst().orElseThrow());
            assertEquals(1, route.getQueueDatas().size());
        }
    }

    @Test
    void routesAreRefusedDuringTheStartUpWait() {
        try (PipelineHarness waiting = new PipelineHarness(Map.of(NamesrvConfig.NEED_WAIT_FOR_SERVICE.name(), "true",
            NamesrvConfig.WAIT_SECONDS_FOR_SERVICE.name(), "3600"))) {
            RemotingCommand refused = exchange(waiting.channel(), routeRequest(Map.of("topic", "orders")));
            assertEquals(ResponseCode.SYSTEM_ERROR, refused.code());
            assertEquals("name server not ready", refused.remark());
        }
        try (PipelineHarness ready = new PipelineHarness(Map.of(NamesrvConfig.NEED_WAIT_FOR_SERVICE.name(), "true",
            NamesrvConfig.WAIT_SECONDS_FOR_SERVICE.name(), "0"))) {
            assertEquals(ResponseCode.TOPIC_NOT_EXIST,
                exchange(ready.channel(), routeRequest(Map.of("topic", "orders"))).code());
        }
    }
}
