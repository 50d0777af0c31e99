package io.namesrv.core.route;

import java.util.Map;
import java.util.SortedMap;

/**
 * The lowest broker id of a group changed (its master left, or a lower id joined): the group's
 * members are told so, when {@code notifyMinBrokerIdChanged} is on, so that a slave can act as master.
 *
 * @param brokerAddrs       the group's members after the change, by broker id
 * @param offlineBrokerAddr the member that left, or null when one joined
 * @param haBrokerAddr      the HA address of the member that joined, or null
 */
public record MinBrokerIdChange(String brokerName, SortedMap<Long, String> brokerAddrs, String offlineBrokerAddr,
                                String haBrokerAddr) {
    public long minBrokerId() {
        return brokerAddrs.firstKey();
    }

    public String minBrokerAddr() {
        return brokerAddrs.get(brokerAddrs.firstKey());
    }

    /**
     * Who is told, as Apache's name server chooses: every member when one left or the group has one
     * member; otherwise the members other than the new lowest.
     */
    public Map<Long, String> recipients() {
        if (offlineBrokerAddr != null || brokerAddrs.size() == 1) {
            return brokerAddrs;
        }
        return brokerAddrs.tailMap(brokerAddrs.firstKey() + 1);
    }
}
