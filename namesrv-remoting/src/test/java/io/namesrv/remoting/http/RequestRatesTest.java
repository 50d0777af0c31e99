package io.namesrv.remoting.http;

import io.namesrv.remoting.handler.RequestMetrics.ResponseCount;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestRatesTest {
    private final List<ResponseCount> counts = new ArrayList<>();
    private final RequestRates rates = new RequestRates(() -> List.copyOf(counts));

    private void count(long routeQueries, long notFound) {
        counts.clear();
        counts.add(new ResponseCount("105", "GET_ROUTEINFO_BY_TOPIC", "SUCCESS", routeQueries));
        counts.add(new ResponseCount("105", "GET_ROUTEINFO_BY_TOPIC", "TOPIC_NOT_EXIST", notFound));
    }

    @Test
    void beforeTheFirstSampleTheWindowIsEmpty() {
        count(10, 1);
        RequestRates.Window window = rates.lastMinute(1_000);
        assertEquals(0, window.millis());
        assertEquals(List.of(), window.counts());
    }

    @Test
    void theWindowReachesBackToTheOldestSampleOfTheLastMinute() {
        count(0, 0);
        for (long at = 0; at <= 90_000; at += RequestRates.SAMPLE_MILLIS) {
            rates.sample(at);
            count(at / 100, at / 10_000);
        }
        // each sample holds the counts set 5 s before it; samples from 30 s to 90 s are kept, the 35 s one is the oldest in the window
        RequestRates.Window window = rates.lastMinute(92_000);
        assertEquals(35_000, window.fromMillis());
        assertEquals(57_000, window.millis());
        assertEquals(List.of(new ResponseCount("105", "GET_ROUTEINFO_BY_TOPIC", "SUCCESS", 900 - 300),
            new ResponseCount("105", "GET_ROUTEINFO_BY_TOPIC", "TOPIC_NOT_EXIST", 9 - 3)), window.counts());
    }

    @Test
    void aResultThatDidNotGrowIsLeftOut() {
        count(5, 2);
        rates.sample(0);
        count(8, 2);
        assertEquals(List.of(new ResponseCount("105", "GET_ROUTEINFO_BY_TOPIC", "SUCCESS", 3)), rates.lastMinute(10_000).counts());
    }
}
