package io.namesrv.store.chronicle;

import io.namesrv.core.spi.RouteChange;

import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one {@link RouteChange}, in the order that lets the repair at open finish or undo a
 * change that a crash cut short. {@link ChronicleRouteStore} explains the order.
 */
final class WritePlan {
    private WritePlan() {
    }

    static List<TableWrite> of(RouteChange change) {
        List<TableWrite> writes = new ArrayList<>();
        // removals: the broker first, so that whatever still points at it is seen as left over
        change.brokersRemoved().forEach(name -> writes.add(TableWrite.remove(Table.BROKERS, Keys.name(name))));
        change.queuesRemoved().forEach(key -> writes.add(TableWrite.remove(Table.TOPIC_QUEUES, Keys.topicBroker(key))));
        change.liveRemoved().forEach(addr -> writes.add(TableWrite.remove(Table.LIVE, Keys.brokerAddr(addr))));
        change.clustersRemoved().forEach(name -> writes.add(TableWrite.remove(Table.CLUSTERS, Keys.name(name))));
        // puts: the live entry last, as the mark that a registration is complete
        change.clustersPut().forEach((name, members) ->
            writes.add(TableWrite.put(Table.CLUSTERS, Keys.name(name), Values.clusterMembers(members))));
        change.brokersPut().forEach((name, broker) ->
            writes.add(TableWrite.put(Table.BROKERS, Keys.name(name), Values.broker(broker))));
        change.queuesPut().forEach((key, queue) ->
            writes.add(TableWrite.put(Table.TOPIC_QUEUES, Keys.topicBroker(key), Values.queue(queue))));
        change.livePut().forEach((addr, live) ->
            writes.add(TableWrite.put(Table.LIVE, Keys.brokerAddr(addr), Values.live(live))));
        return writes;
    }
}
