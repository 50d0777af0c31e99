package io.namesrv.remoting.body;

import io.namesrv.api.model.TopicConfig;

/**
 * Reads a TopicConfig laid out exactly as fastjson writes it: fields in alphabetical order, no
 * spaces ({@code {"attributes":{},"order":false,"perm":6,"readQueueNums":8,
 * "topicFilterType":"SINGLE_TAG","topicName":"t","topicSysFlag":0,"writeQueueNums":8}}; brokers
 * before 5.0 write no attributes). Each field name is then one comparison of known bytes instead
 * of a scan; 10,000 of these make up a registration. Any other layout is left to the general path.
 */
final class FastjsonTopicConfigLayout {
    private static final byte[] OPEN_WITH_ATTRIBUTES = JsonBytesReader.ascii("{\"attributes\":");
    private static final byte[] ORDER_AFTER_ATTRIBUTES = JsonBytesReader.ascii(",\"order\":");
    private static final byte[] OPEN_WITH_ORDER = JsonBytesReader.ascii("{\"order\":");
    private static final byte[] FALSE = JsonBytesReader.ascii("false");
    private static final byte[] TRUE = JsonBytesReader.ascii("true");
    private static final byte[] PERM = JsonBytesReader.ascii(",\"perm\":");
    private static final byte[] READ_QUEUE_NUMS = JsonBytesReader.ascii(",\"readQueueNums\":");
    private static final byte[] TOPIC_FILTER_TYPE = JsonBytesReader.ascii(",\"topicFilterType\":");
    private static final byte[] TOPIC_NAME = JsonBytesReader.ascii(",\"topicName\":");
    private static final byte[] TOPIC_SYS_FLAG = JsonBytesReader.ascii(",\"topicSysFlag\":");
    private static final byte[] WRITE_QUEUE_NUMS = JsonBytesReader.ascii(",\"writeQueueNums\":");
    private static final byte[] CLOSE = JsonBytesReader.ascii("}");

    private FastjsonTopicConfigLayout() {
    }

    /** The topic config at the reader's position, or null (the position then undefined) if it is laid out otherwise. */
    static TopicConfig read(JsonBytesReader reader) {
        if (reader.skipLiteral(OPEN_WITH_ATTRIBUTES)) {
            if (reader.peek() != '{') {
                return null;
            }
            reader.skipValue();
            if (!reader.skipLiteral(ORDER_AFTER_ATTRIBUTES)) {
                return null;
            }
        } else if (!reader.skipLiteral(OPEN_WITH_ORDER)) {
            return null;
        }
        boolean order;
        if (reader.skipLiteral(FALSE)) {
            order = false;
        } else if (reader.skipLiteral(TRUE)) {
            order = true;
        } else {
            return null;
        }
        int perm = intField(reader, PERM);
        int readQueueNums = intField(reader, READ_QUEUE_NUMS);
        if (perm < 0 || readQueueNums < 0 || !reader.skipLiteral(TOPIC_FILTER_TYPE) || reader.peek() != '"') {
            return null;
        }
        reader.skipValue();
        if (!reader.skipLiteral(TOPIC_NAME) || reader.peek() != '"') {
            return null;
        }
        String topicName = reader.stringValue();
        int topicSysFlag = intField(reader, TOPIC_SYS_FLAG);
        int writeQueueNums = intField(reader, WRITE_QUEUE_NUMS);
        if (topicSysFlag < 0 || writeQueueNums < 0 || !reader.skipLiteral(CLOSE)) {
            return null;
        }
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, perm, topicSysFlag, order);
    }

    /** The int after the given field name, or -1 if either is not there. */
    private static int intField(JsonBytesReader reader, byte[] name) {
        return reader.skipLiteral(name) ? reader.plainInt() : -1;
    }

}
