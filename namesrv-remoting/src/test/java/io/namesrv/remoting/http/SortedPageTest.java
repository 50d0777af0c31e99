package io.namesrv.remoting.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SortedPageTest {
    @Test
    void aPageIsTheSameSliceAsOfTheSortedWhole() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            names.add("topic-" + i);
        }
        Collections.shuffle(names, new Random(7));
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        for (int offset : new int[] {0, 1, 99, 2500, 4999, 5000, 6000}) {
            for (int limit : new int[] {1, 100, 1000}) {
                SortedPage page = SortedPage.of(names, name -> true, offset, limit);
                assertEquals(5000, page.total());
                assertEquals(sorted.subList(Math.min(offset, 5000), Math.min(offset + limit, 5000)), page.items(),
                    "offset " + offset + ", limit " + limit);
            }
        }
    }

    @Test
    void onlyMatchesAreCountedAndPaged() {
        SortedPage page = SortedPage.of(List.of("b2", "a1", "b1", "c1", "b3"), name -> name.startsWith("b"), 1, 5);
        assertEquals(3, page.total());
        assertEquals(List.of("b2", "b3"), page.items());
    }
}
