package io.namesrv.remoting.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.NameServer;
import io.namesrv.core.durability.StoreStatus;
import io.namesrv.core.route.RouteImage;
import io.namesrv.remoting.handler.RequestMetrics.ResponseCount;
import io.namesrv.remoting.handler.RouteRequests;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The JSON API under {@code /api/} that the status page and scripts read. Every list is paged
 * ({@code offset}, {@code limit} up to {@link #MAX_LIMIT}) and read from the current route image, so
 * an answer costs one pass over what it searches and never the whole table on the wire. Nothing of
 * the configuration is shown but the store's name, and of the KV config only namespaces and key
 * counts: no secret, password or JDBC URL.
 */
final class StatusApi {
    static final String PREFIX = "/api/";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Deeper pages cost a heap of this size per request: past it, a prefix narrows the search. */
    static final int MAX_OFFSET = 100_000;
    private static final String OVERVIEW = PREFIX + "overview";
    private static final String BROKERS = PREFIX + "brokers";
    private static final String TOPICS = PREFIX + "topics";
    private static final String ROUTE = PREFIX + "route";
    private static final String KV = PREFIX + "kv";
    /** API path -> the query parameters it takes. */
    private static final Map<String, Set<String>> ACCEPTED_PARAMS = Map.of(
        OVERVIEW, Set.of(),
        BROKERS, Set.of("cluster", "prefix", "offset", "limit"),
        TOPICS, Set.of("prefix", "offset", "limit"),
        ROUTE, Set.of("topic"),
        KV, Set.of("offset", "limit"));
    private static final long MASTER_ID = 0L;

    private final StatusSources sources;
    private final RequestRates rates;
    private final BooleanSupplier ready;
    private final Supplier<StoreStatus> store;

    StatusApi(StatusSources sources, RequestRates rates, BooleanSupplier ready, Supplier<StoreStatus> store) {
        this.sources = sources;
        this.rates = rates;
        this.ready = ready;
        this.store = store;
    }

    HttpAnswer answer(QueryStringDecoder uri) {
        String path = uri.path();
        Set<String> accepted = ACCEPTED_PARAMS.get(path);
        if (accepted == null) {
            return HttpAnswer.json(HttpResponseStatus.NOT_FOUND,
                JsonBody.error("no such API path " + path + "; try " + String.join(", ", new TreeSet<>(ACCEPTED_PARAMS.keySet()))));
        }
        try {
            QueryParams query = new QueryParams(path, parameters(uri), accepted);
            if (path.equals(OVERVIEW)) {
                return ok(overview());
            }
            NameServer nameServer = sources.nameServer().get();
            if (nameServer == null) {
                return HttpAnswer.json(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    JsonBody.error("the name server is starting: its store is not open yet"));
            }
            return switch (path) {
                case BROKERS -> brokers(nameServer, query);
                case TOPICS -> ok(topics(nameServer, query));
                case ROUTE -> route(nameServer, query);
                default -> ok(kv(nameServer, query));
            };
        } catch (BadRequestException e) {
            return HttpAnswer.json(HttpResponseStatus.BAD_REQUEST, JsonBody.error(e.getMessage()));
        }
    }

    private static Map<String, List<String>> parameters(QueryStringDecoder uri) {
        try {
            return uri.parameters();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("malformed query string: " + e.getMessage());
        }
    }

    private static HttpAnswer ok(String body) {
        return HttpAnswer.json(HttpResponseStatus.OK, body);
    }

    private String overview() {
        long now = sources.clock().millis();
        NameServer nameServer = sources.nameServer().get();
        StoreStatus storeStatus = store.get();
        RequestRates.Window window = rates.lastMinute(now);
        return JsonBody.of(json -> {
            json.writeStartObject();
            json.writeStringField("time", Instant.ofEpochMilli(now).toString());
            json.writeBooleanField("ready", ready.getAsBoolean());
            json.writeStringField("storeType", sources.storeType());
            if (storeStatus != null) {
                json.writeFieldName("store");
                HealthJson.writeStore(json, storeStatus);
            }
            if (nameServer != null) {
                RouteImage image = nameServer.routes().image();
                json.writeObjectFieldStart("tables");
                json.writeNumberField("clusters", image.clusters().size());
                json.writeNumberField("brokerGroups", image.brokers().size());
                json.writeNumberField("brokerAddresses", nameServer.routes().liveTable().size());
                json.writeNumberField("topics", image.topicQueues().size());
                json.writeEndObject();
                json.writeArrayFieldStart("clusters");
                for (Map.Entry<String, Set<String>> cluster : new TreeMap<>(image.clusters()).entrySet()) {
                    json.writeStartObject();
                    json.writeStringField("name", cluster.getKey());
                    json.writeNumberField("brokerGroups", cluster.getValue().size());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            writeRequests(json, window);
            json.writeEndObject();
        });
    }

    /** Responses of the last minute by request code; an error is any result but SUCCESS and NONE (a oneway request). */
    private static void writeRequests(JsonGenerator json, RequestRates.Window window) throws IOException {
        Map<String, List<ResponseCount>> byCode = new TreeMap<>();
        for (ResponseCount count : window.counts()) {
            byCode.computeIfAbsent(count.code(), code -> new ArrayList<>()).add(count);
        }
        json.writeObjectFieldStart("requests");
        json.writeNumberField("windowMillis", window.millis());
        json.writeArrayFieldStart("byCode");
        for (List<ResponseCount> counts : byCode.values()) {
            long total = 0;
            long errors = 0;
            for (ResponseCount count : counts) {
                total += count.count();
                if (!count.result().equals("SUCCESS") && !count.result().equals("NONE")) {
                    errors += count.count();
                }
            }
            json.writeStartObject();
            json.writeStringField("code", counts.get(0).code());
            json.writeStringField("name", counts.get(0).name());
            json.writeNumberField("count", total);
            json.writeNumberField("errors", errors);
            json.writeObjectFieldStart("results");
            for (ResponseCount count : counts) {
                json.writeNumberField(count.result(), count.count());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private HttpAnswer brokers(NameServer nameServer, QueryParams params) {
        RouteImage image = nameServer.routes().image();
        String cluster = params.text("cluster", null);
        String prefix = params.text("prefix", "");
        int offset = offset(params);
        int limit = limit(params);
        Set<String> names;
        if (cluster == null) {
            names = image.brokers().keySet();
        } else {
            names = image.clusters().get(cluster);
            if (names == null) {
                return HttpAnswer.json(HttpResponseStatus.NOT_FOUND, JsonBody.error("no cluster named '" + cluster + "'"));
            }
        }
        SortedPage page = SortedPage.of(names, name -> name.startsWith(prefix), offset, limit);
        Map<BrokerAddr, BrokerLiveInfo> live = nameServer.routes().liveTable();
        long now = sources.clock().millis();
        return ok(pagedList(page, offset, limit, "brokerGroups", (json, name) -> {
            BrokerData group = image.brokers().get(name);
            if (group != null) {
                writeBrokerGroup(json, group, image.topicsOf(name).size(), live, now);
            }
        }));
    }

    private static void writeBrokerGroup(JsonGenerator json, BrokerData group, int topics, Map<BrokerAddr, BrokerLiveInfo> live,
                                         long now) throws IOException {
        json.writeStartObject();
        json.writeStringField("cluster", group.cluster());
        json.writeStringField("brokerName", group.brokerName());
        if (group.zoneName() != null) {
            json.writeStringField("zone", group.zoneName());
        }
        json.writeNumberField("topics", topics);
        json.writeArrayFieldStart("addresses");
        for (Map.Entry<Long, String> member : group.brokerAddrs().entrySet()) {
            json.writeStartObject();
            json.writeNumberField("brokerId", member.getKey());
            json.writeStringField("role", member.getKey() == MASTER_ID ? "master" : "slave");
            json.writeStringField("address", member.getValue());
            BrokerLiveInfo info = live.get(new BrokerAddr(group.cluster(), member.getValue()));
            json.writeBooleanField("live", info != null);
            if (info != null) {
                json.writeStringField("lastHeard", Instant.ofEpochMilli(info.lastUpdateTimestamp()).toString());
                json.writeNumberField("ageMillis", Math.max(0, now - info.lastUpdateTimestamp()));
                json.writeNumberField("heartbeatTimeoutMillis", info.heartbeatTimeoutMillis());
                json.writeObjectFieldStart("dataVersion");
                json.writeNumberField("stateVersion", info.dataVersion().stateVersion());
                json.writeNumberField("timestamp", info.dataVersion().timestamp());
                json.writeNumberField("counter", info.dataVersion().counter());
                json.writeEndObject();
                if (info.haServerAddr() != null) {
                    json.writeStringField("haServerAddr", info.haServerAddr());
                }
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static String topics(NameServer nameServer, QueryParams params) {
        RouteImage image = nameServer.routes().image();
        String prefix = params.text("prefix", "");
        int offset = offset(params);
        int limit = limit(params);
        Map<String, Map<String, QueueData>> topicQueues = image.topicQueues();
        SortedPage page = SortedPage.of(topicQueues.keySet(), topic -> topic.startsWith(prefix), offset, limit);
        return pagedList(page, offset, limit, "topics", (json, topic) -> {
            json.writeStartObject();
            json.writeStringField("topic", topic);
            json.writeArrayFieldStart("queueDatas");
            for (QueueData queues : new TreeMap<>(topicQueues.getOrDefault(topic, Map.of())).values()) {
                json.writeStartObject();
                json.writeStringField("brokerName", queues.brokerName());
                json.writeNumberField("readQueueNums", queues.readQueueNums());
                json.writeNumberField("writeQueueNums", queues.writeQueueNums());
                json.writeNumberField("perm", queues.perm());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** The body a RocketMQ client of 4.9.4 or later gets for GET_ROUTEINFO_BY_TOPIC, from the server's own route path. */
    private static HttpAnswer route(NameServer nameServer, QueryParams params) {
        String topic = params.required("topic");
        byte[] body = RouteRequests.encodedRoute(nameServer, topic, true);
        if (body == null) {
            return HttpAnswer.json(HttpResponseStatus.NOT_FOUND, JsonBody.error("no route for topic '" + topic + "'"));
        }
        return new HttpAnswer(HttpResponseStatus.OK, HttpAnswer.JSON, body);
    }

    private static String kv(NameServer nameServer, QueryParams params) {
        Map<String, Integer> sizes = nameServer.kvConfig().namespaceSizes();
        int offset = offset(params);
        int limit = limit(params);
        SortedPage page = SortedPage.of(sizes.keySet(), namespace -> true, offset, limit);
        return pagedList(page, offset, limit, "namespaces", (json, namespace) -> {
            json.writeStartObject();
            json.writeStringField("namespace", namespace);
            json.writeNumberField("keys", sizes.get(namespace));
            json.writeEndObject();
        });
    }

    private static int offset(QueryParams params) {
        return params.integer("offset", 0, 0, MAX_OFFSET);
    }

    private static int limit(QueryParams params) {
        return params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    /** Writes one item of a page. */
    @FunctionalInterface
    private interface ItemWriter {
        void write(JsonGenerator json, String name) throws IOException;
    }

    /** {@code {"total":..,"offset":..,"limit":..,"<field>":[...]}}: every list the API answers. */
    private static String pagedList(SortedPage page, int offset, int limit, String field, ItemWriter item) {
        return JsonBody.of(json -> {
            json.writeStartObject();
            json.writeNumberField("total", page.total());
            json.writeNumberField("offset", offset);
            json.writeNumberField("limit", limit);
            json.writeArrayFieldStart(field);
            for (String name : page.items()) {
                item.write(json, name);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
