package io.namesrv.remoting.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * One page of names in their natural order, chosen from many (a million topics) without sorting
 * them all: one pass keeps the first {@code offset + limit} matches in a bounded heap.
 *
 * @param total how many names match, on every page
 * @param items the matches from {@code offset}, at most {@code limit}
 */
record SortedPage(int total, List<String> items) {
    static SortedPage of(Iterable<String> names, Predicate<String> matches, int offset, int limit) {
        int keep = offset + limit;
        PriorityQueue<String> firstMatches = new PriorityQueue<>(Collections.reverseOrder());
        int total = 0;
        for (String name : names) {
            if (!matches.test(name)) {
                continue;
            }
            total++;
            if (firstMatches.size() < keep) {
                firstMatches.add(name);
            } else if (keep > 0 && name.compareTo(firstMatches.peek()) < 0) {
                firstMatches.poll();
                firstMatches.add(name);
            }
        }
        List<String> sorted = new ArrayList<>(firstMatches);
        Collections.sort(sorted);
        return new SortedPage(total, sorted.subList(Math.min(offset, sorted.size()), sorted.size()));
    }
}
