package io.namesrv.remoting.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON parser settings for what RocketMQ peers send: fastjson writes numeric map keys without
 * quotes ({@code {0:"127.0.0.1:10911"}}), so unquoted field names are accepted.
 */
public final class Json {
    public static final JsonFactory FACTORY = JsonFactory.builder()
        .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
        .build();
    public static final JsonMapper MAPPER = new JsonMapper(FACTORY);

    private Json() {
    }
}
