package io.namesrv.dist.bench;

import java.util.AbstractList;
import java.util.List;
import java.util.stream.IntStream;

/** The scale run's topics: every broker has its own, broker b's topic t is named "scale-b-topic-t". */
record ScaleTopics(int brokers, int perBroker) {

    String name(int broker, int topic) {
        return "scale-" + broker + "-topic-" + topic;
    }

    /** Broker {@code broker}'s topics, in order. */
    List<String> ofBroker(int broker) {
        return IntStream.range(0, perBroker).mapToObj(t -> name(broker, t)).toList();
    }

    /**
     * Every topic, broker by broker, each name made when asked for: the load generator need not
     * hold a million strings to build its route-query frames once.
     */
    List<String> all() {
        return new AbstractList<>() {
            @Override
            public String get(int i) {
                return name(i / perBroker, i % perBroker);
            }

            @Override
            public int size() {
                return brokers * perBroker;
            }
        };
    }
}
