package io.namesrv.core.durability;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CoalescedTest {
    @Test
    void onlyTheLastWriteToAKeyIsKept() {
        Coalesced<String, Integer> table = new Coalesced<>();
        table.put("a", 1);
        table.put("a", 2);
        table.remove("b");
        table.put("b", 3);
        table.put("c", 4);
        table.remove("c");

        assertEquals(Map.of("a", 2, "b", 3), table.puts());
        assertEquals(Set.of("c"), table.removals());
        assertEquals(3, table.size());
    }

    @Test
    void olderWritesFillOnlyTheKeysWrittenNoLaterSince() {
        Coalesced<String, Integer> older = new Coalesced<>();
        older.put("overwritten", 1);
        older.put("removed-since", 2);
        older.remove("put-since");
        older.put("kept", 3);
        older.remove("kept-removed");
        Coalesced<String, Integer> newer = new Coalesced<>();
        newer.put("overwritten", 10);
        newer.remove("removed-since");
        newer.put("put-since", 30);

        newer.addOlder(older);

        assertEquals(Map.of("overwritten", 10, "put-since", 30, "kept", 3), newer.puts());
        assertEquals(Set.of("removed-since", "kept-removed"), newer.removals());
    }
}
