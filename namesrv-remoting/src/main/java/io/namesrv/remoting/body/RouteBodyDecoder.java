package io.namesrv.remoting.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.namesrv.api.model.QueueData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the queue datas of a TopicRouteData that an admin tool sends with REGISTER_TOPIC_IN_NAMESRV. */
public final class RouteBodyDecoder {
    private RouteBodyDecoder() {
    }

    public static List<QueueData> queueDatas(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        try {
            List<QueueData> queues = new ArrayList<>();
            for (JsonNode node : Json.MAPPER.readTree(body).path("queueDatas")) {
                String brokerName = node.path("brokerName").asText(null);
                if (brokerName == null) {
                    throw new BodyFormatException("a queue data has no brokerName");
                }
                queues.add(new QueueData(brokerName, node.path("readQueueNums").asInt(), node.path("writeQueueNums").asInt(),
                    node.path("perm").asInt(), node.path("topicSysFlag").asInt()));
            }
            return queues;
        } catch (IOException e) {
            throw new BodyFormatException("Failed to decode TopicRouteData: " + e.getMessage(), e);
        }
    }
}
