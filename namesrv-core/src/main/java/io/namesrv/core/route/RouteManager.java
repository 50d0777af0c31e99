package io.namesrv.core.route;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerIdentity;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.BrokerRegistration;
import io.namesrv.api.model.ClusterInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.Perm;
import io.namesrv.api.model.QueueData;
import io.namesrv.api.model.RegisterBrokerResult;
import io.namesrv.api.model.TopicConfig;
import io.namesrv.api.model.TopicQueueMapping;
import io.namesrv.api.model.TopicRouteData;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.durability.StoreWriter;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoredRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The route tables' behaviour: registration, unregistration, expiry and the queries. Writes are
 * serialized by one lock and decided in memory, as Apache's are; each is given to the store before it
 * is made visible, and the {@link StoreWriter} keeps it for the store when the store fails or is slow,
 * so the store never costs a broker its registration. Reads take the current {@link RouteImage} and
 * never wait.
 */
public final class RouteManager {
    private static final Logger log = LoggerFactory.getLogger(RouteManager.class);
    private static final long MASTER_ID = 0L;
    private static final String SYNC_BROKER_MEMBER_GROUP_PREFIX = "rmq_sys_SYNC_BROKER_MEMBER_";

    private final RouteStore store;
    private final StoreWriter storeWriter;
    private final NamesrvConfig config;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<BrokerAddr, BrokerLiveInfo> liveTable = new ConcurrentHashMap<>();
    private final Map<BrokerAddr, List<String>> filterServerTable = new ConcurrentHashMap<>();
    /** topic -> broker name -> static-topic queue mapping; in memory, rebuilt by the brokers' registrations. */
    private final Map<String, Map<String, TopicQueueMapping>> mappingTable = new ConcurrentHashMap<>();
    private final List<Consumer<MinBrokerIdChange>> minBrokerIdListeners = new CopyOnWriteArrayList<>();
    /** broker name -> the topic list its queues were last derived from; guarded by writeLock. */
    private final Map<String, AppliedTopics> appliedTopics = new HashMap<>();
    private final QueueDataInterner interner = new QueueDataInterner();
    private volatile RouteImage image = RouteImage.EMPTY;

    private final EncodedRouteCache routeCache;

    public RouteManager(RouteStore store, StoreWriter storeWriter, NamesrvConfig config, Clock clock,
                        EncodedRouteCache routeCache) {
        this.store = store;
        this.storeWriter = storeWriter;
        this.config = config;
        this.clock = clock;
        this.routeCache = routeCache;
    }

    /** Reads the tables back from the store; called once, before the server takes requests. */
    public void load() {
        StoredRoutes stored = store.loadRoutes();
        writeLock.lock();
        try {
            routeCache.changeAll(() -> image = RouteImage.of(stored, interner));
            appliedTopics.clear();
            liveTable.clear();
            liveTable.putAll(stored.live());
        } finally {
            writeLock.unlock();
        }
        log.info("Loaded {} cluster(s), {} broker group(s), {} topic(s) and {} live broker address(es) from the store",
            stored.clusters().size(), stored.brokers().size(), stored.topicQueues().size(), stored.live().size());
    }

    public RouteImage image() {
        return image;
    }

    /**
     * Registers a broker and its topics.
     *
     * @return null when the registration is refused: a single-topic registration from a broker
     * address not yet registered (the broker must first register in full)
     */
    public RegisterBrokerResult registerBroker(BrokerRegistration reg) {
        writeLock.lock();
        try {
            RouteDelta delta = new RouteDelta(image, interner);
            RegisterBrokerResult result = register(reg, delta);
            commit(delta);
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    private RegisterBrokerResult register(BrokerRegistration reg, RouteDelta delta) {
        BrokerAddr addrKey = new BrokerAddr(reg.clusterName(), reg.brokerAddr());
        delta.addBrokerName(reg.clusterName(), reg.brokerName());

        BrokerData existing = delta.broker(reg.brokerName());
        boolean registerFirst = existing == null;
        boolean oldVersionBroker = reg.enableActingMaster() == null;
        boolean enableActingMaster = !oldVersionBroker && reg.enableActingMaster();
        String cluster = existing == null ? reg.clusterName() : existing.cluster();
        TreeMap<Long, String> addrs = existing == null ? new TreeMap<>() : new TreeMap<>(existing.brokerAddrs());

        // A slave switched to master keeps its address under its new id only.
        addrs.entrySet().removeIf(e -> reg.brokerAddr().equals(e.getValue()) && e.getKey() != reg.brokerId());

        String oldAddr = addrs.get(reg.brokerId());
        if (oldAddr != null && !oldAddr.equals(reg.brokerAddr())) {
            BrokerLiveInfo oldLive = liveTable.get(new BrokerAddr(reg.clusterName(), oldAddr));
            if (oldLive != null && oldLive.dataVersion().stateVersion() > reg.dataVersion().stateVersion()) {
                log.warn("Registration of {} as {}[{}] conflicts with {} (state version {} > {}), ignored",
                    reg.brokerAddr(), reg.brokerName(), reg.brokerId(), oldAddr,
                    oldLive.dataVersion().stateVersion(), reg.dataVersion().stateVersion());
                delta.putBroker(new BrokerData(cluster, reg.brokerName(), addrs, reg.zoneName(), enableActingMaster));
                if (liveTable.containsKey(addrKey)) {
                    delta.removeLive(addrKey);
                }
                return RegisterBrokerResult.NONE;
            }
        }

        if (!addrs.containsKey(reg.brokerId()) && reg.topicConfigs().size() == 1) {
            log.warn("Refused the single-topic registration of {} from {}[{}] {}: that broker has not registered yet",
                reg.topicConfigs().keySet(), reg.brokerName(), reg.brokerId(), reg.brokerAddr());
            delta.putBroker(new BrokerData(cluster, reg.brokerName(), addrs, reg.zoneName(), enableActingMaster));
            return null;
        }

        boolean minBrokerIdChanged = !addrs.isEmpty() && reg.brokerId() < addrs.firstKey();
        String replaced = addrs.put(reg.brokerId(), reg.brokerAddr());
        registerFirst = registerFirst || replaced == null || replaced.isEmpty();
        BrokerData brokerData = new BrokerData(cluster, reg.brokerName(), addrs, reg.zoneName(), enableActingMaster);
        delta.putBroker(brokerData);

        boolean isMaster = reg.brokerId() == MASTER_ID;
        boolean isPrimeSlave = !oldVersionBroker && !isMaster && reg.brokerId() == addrs.firstKey();
        if (isMaster || isPrimeSlave) {
            updateQueues(reg, delta, addrKey, registerFirst, isPrimeSlave && enableActingMaster);
        }

        BrokerLiveInfo previous = liveTable.get(addrKey);
        long timeout = reg.heartbeatTimeoutMillis() != null
            ? reg.heartbeatTimeoutMillis() : config.get(NamesrvConfig.BROKER_HEARTBEAT_TIMEOUT_MILLIS);
        delta.putLive(addrKey, new BrokerLiveInfo(clock.millis(), timeout, reg.dataVersion(), reg.haServerAddr()));
        if (previous == null) {
            log.info("New broker registered: {} {}[{}] HA {}, {} topic(s)", addrKey, reg.brokerName(), reg.brokerId(),
                reg.haServerAddr(), reg.topicConfigs().size());
        }
        if (minBrokerIdChanged) {
            delta.minBrokerIdChanged(new MinBrokerIdChange(reg.brokerName(), addrs, null, reg.haServerAddr()));
        }
        return masterOf(brokerData, reg);
    }

    private void updateQueues(BrokerRegistration reg, RouteDelta delta, BrokerAddr addrKey, boolean registerFirst,
                              boolean wipeWritePerm) {
        BrokerLiveInfo live = liveTable.get(addrKey);
        boolean versionChanged = live == null || !live.dataVersion().equals(reg.dataVersion());
        // as Apache's: static topics are not supported by this clean-up
        boolean deleteUnlisted = config.get(NamesrvConfig.DELETE_TOPIC_WITH_BROKER_REGISTRATION)
            && reg.topicQueueMappings().isEmpty();
        AppliedTopics applied = appliedTopics.get(reg.brokerName());
        List<TopicConfig> changed = deleteUnlisted || applied == null ? null
            : applied.changedIn(reg.topicConfigs().values(), wipeWritePerm);
        if (changed != null && changed.isEmpty()) {
            // the queues were derived from this same list and nothing has changed them since
            delta.putMappings(reg.topicQueueMappings().values());
            return;
        }
        if (deleteUnlisted) {
            for (String topic : delta.topicsOf(reg.brokerName())) {
                if (!reg.topicConfigs().containsKey(topic)) {
                    log.info("Topic {} is no longer on broker {}: removed", topic, reg.brokerName());
                    delta.removeQueue(topic, reg.brokerName());
                }
            }
        }
        // with the list it pairs up with, the unchanged topics would derive the queues they have
        for (TopicConfig topicConfig : changed != null ? changed : reg.topicConfigs().values()) {
            String topic = topicConfig.topicName();
            if (registerFirst || versionChanged || !delta.servesTopic(topic, reg.brokerName())) {
                QueueData queueData = topicConfig.toQueueData(reg.brokerName());
                if (wipeWritePerm) {
                    queueData = queueData.withPerm(queueData.perm() & ~Perm.WRITE);
                }
                delta.putQueue(topic, queueData);
            }
        }
        delta.putMappings(reg.topicQueueMappings().values());
        if (registerFirst || versionChanged) {
            // every listed topic's queues were just derived from this list
            delta.appliedTopics(reg.brokerName(), new AppliedTopics(reg.topicConfigs().values(), wipeWritePerm));
        }
    }

    private RegisterBrokerResult masterOf(BrokerData brokerData, BrokerRegistration reg) {
        if (reg.isMaster()) {
            return RegisterBrokerResult.NONE;
        }
        String masterAddr = brokerData.brokerAddrs().get(MASTER_ID);
        if (masterAddr == null) {
            return RegisterBrokerResult.NONE;
        }
        BrokerLiveInfo masterLive = liveTable.get(new BrokerAddr(reg.clusterName(), masterAddr));
        return masterLive == null ? RegisterBrokerResult.NONE
            : new RegisterBrokerResult(masterLive.haServerAddr(), masterAddr);
    }

    /**
     * Keeps the filter servers a broker announced; they live in memory only, like the connection
     * they came with.
     */
    public void updateFilterServers(BrokerAddr addr, List<String> filterServers) {
        if (filterServers == null) {
            return;
        }
        List<String> next = List.copyOf(filterServers);
        if (next.equals(filterServerTable.getOrDefault(addr, List.of()))) {
            return;
        }
        routeCache.changeAll(() -> {
            if (next.isEmpty()) {
                filterServerTable.remove(addr);
            } else {
                filterServerTable.put(addr, next);
            }
        });
    }

    public void unregisterBrokers(Collection<BrokerIdentity> brokers) {
        if (brokers.isEmpty()) {
            return;
        }
        writeLock.lock();
        try {
            RouteDelta delta = new RouteDelta(image, interner);
            unregister(brokers, delta);
            commit(delta);
        } finally {
            writeLock.unlock();
        }
    }

    private void unregister(Collection<BrokerIdentity> brokers, RouteDelta delta) {
        Set<String> removedBrokers = new HashSet<>();
        Set<String> reducedBrokers = new HashSet<>();
        for (BrokerIdentity broker : brokers) {
            BrokerAddr addr = broker.addr();
            if (liveTable.containsKey(addr)) {
                delta.removeLive(addr);
            }
            filterServerTable.remove(addr);
            BrokerData brokerData = delta.broker(broker.brokerName());
            if (brokerData == null) {
                log.info("Unregister {} {}: no such broker group", addr, broker.brokerName());
                continue;
            }
            TreeMap<Long, String> addrs = new TreeMap<>(brokerData.brokerAddrs());
            boolean minBrokerIdLeaves = !addrs.isEmpty() && broker.brokerId() == addrs.firstKey();
            boolean removed = addrs.values().removeIf(broker.brokerAddr()::equals);
            log.info("Unregister {} {}[{}]: {}", addr, broker.brokerName(), broker.brokerId(),
                removed ? "removed" : "address was not registered");
            if (addrs.isEmpty()) {
                delta.removeBroker(broker.brokerName());
                delta.removeMappingsOf(broker.brokerName());
                delta.removeBrokerName(broker.clusterName(), broker.brokerName());
                removedBrokers.add(broker.brokerName());
            } else {
                delta.putBroker(brokerData.withBrokerAddrs(addrs));
                reducedBrokers.add(broker.brokerName());
                if (minBrokerIdLeaves && brokerData.enableActingMaster()) {
                    delta.minBrokerIdChanged(new MinBrokerIdChange(broker.brokerName(), addrs, broker.brokerAddr(), null));
                }
            }
        }
        removeQueuesOf(removedBrokers, reducedBrokers, delta);
    }

    private void removeQueuesOf(Set<String> removedBrokers, Set<String> reducedBrokers, RouteDelta delta) {
        for (String brokerName : removedBrokers) {
            delta.topicsOf(brokerName).forEach(topic -> delta.removeQueue(topic, brokerName));
        }
        for (String brokerName : reducedBrokers) {
            if (!removedBrokers.contains(brokerName) && hasNoMasterAndActsForIt(delta, brokerName)) {
                for (String topic : delta.topicsOf(brokerName)) {
                    QueueData queueData = delta.queuesOf(topic).get(brokerName);
                    delta.putQueue(topic, queueData.withPerm(queueData.perm() & ~Perm.WRITE));
                }
            }
        }
    }

    private static boolean hasNoMasterAndActsForIt(RouteDelta delta, String brokerName) {
        BrokerData brokerData = delta.broker(brokerName);
        return brokerData != null && brokerData.enableActingMaster()
            && (brokerData.brokerAddrs().isEmpty() || brokerData.brokerAddrs().firstKey() > MASTER_ID);
    }

    /**
     * Takes write permission away from (or gives it back to) every topic the broker group serves.
     *
     * @return how many topics were changed
     */
    public int changeWritePerm(String brokerName, boolean writable) {
        writeLock.lock();
        try {
            RouteDelta delta = new RouteDelta(image, interner);
            int topics = 0;
            for (String topic : image.topicsOf(brokerName)) {
                QueueData queueData = delta.queuesOf(topic).get(brokerName);
                int perm = writable ? Perm.READ | Perm.WRITE : queueData.perm() & ~Perm.WRITE;
                delta.putQueue(topic, queueData.withPerm(perm));
                topics++;
            }
            commit(delta);
            log.info("{} write permission of broker {}: {} topic(s)", writable ? "Added" : "Wiped", brokerName, topics);
            return topics;
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes a topic's queues from every broker, or only from the brokers of one cluster. */
    public void deleteTopic(String topic, String clusterName) {
        writeLock.lock();
        try {
            RouteDelta delta = new RouteDelta(image, interner);
            Map<String, QueueData> queues = delta.queuesOf(topic);
            if (queues == null) {
                return;
            }
            Set<String> brokerNames = clusterName == null || clusterName.isEmpty()
                ? Set.copyOf(queues.keySet()) : image.clusters().getOrDefault(clusterName, Set.of());
            brokerNames.forEach(brokerName -> delta.removeQueue(topic, brokerName));
            commit(delta);
            log.info("Deleted topic {}{}", topic, clusterName == null || clusterName.isEmpty() ? "" : " from cluster " + clusterName);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Adds or replaces a topic's queues on registered brokers, as an admin tool does.
     *
     * @return false, changing nothing, when a queue names a broker group that is not registered
     */
    public boolean registerTopic(String topic, List<QueueData> queueDatas) {
        writeLock.lock();
        try {
            for (QueueData queueData : queueDatas) {
                if (!image.brokers().containsKey(queueData.brokerName())) {
                    log.warn("Register topic {}: broker {} is not registered, ignored", topic, queueData.brokerName());
                    return false;
                }
            }
            RouteDelta delta = new RouteDelta(image, interner);
            queueDatas.forEach(queueData -> delta.putQueue(topic, queueData));
            commit(delta);
            log.info("Registered topic {}: {}", topic, queueDatas);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** A heartbeat: refreshes the live entry of a registered broker address; false if it is unknown. */
    public boolean heartbeat(BrokerAddr addr) {
        writeLock.lock();
        try {
            BrokerLiveInfo live = liveTable.get(addr);
            if (live == null) {
                return false;
            }
            BrokerLiveInfo touched = live.touchedAt(clock.millis());
            storeWriter.putLive(addr, touched);
            liveTable.put(addr, touched);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** The data version of the broker's last registration, null if it is not registered. */
    public DataVersion dataVersion(BrokerAddr addr) {
        BrokerLiveInfo live = liveTable.get(addr);
        return live == null ? null : live.dataVersion();
    }

    public Map<BrokerAddr, BrokerLiveInfo> liveTable() {
        return Collections.unmodifiableMap(liveTable);
    }

    /** Removes every broker silent for longer than its timeout, with all that is tied to it. */
    public List<BrokerAddr> expireSilentBrokers() {
        long now = clock.millis();
        List<BrokerAddr> expired = new ArrayList<>();
        liveTable.forEach((addr, live) -> {
            if (live.expiredAt(now)) {
                expired.add(addr);
            }
        });
        for (BrokerAddr addr : expired) {
            log.warn("Broker {} silent for more than {} ms: removing it", addr, liveTable.get(addr).heartbeatTimeoutMillis());
            brokerGone(addr);
        }
        return expired;
    }

    /** A broker address is gone (its connection closed or it expired): unregister whatever it was. */
    public void brokerGone(BrokerAddr addr) {
        writeLock.lock();
        try {
            RouteDelta delta = new RouteDelta(image, interner);
            List<BrokerIdentity> identities = identitiesOf(addr);
            if (identities.isEmpty()) {
                if (liveTable.containsKey(addr)) {
                    delta.removeLive(addr);
                }
            } else {
                unregister(identities, delta);
            }
            commit(delta);
        } finally {
            writeLock.unlock();
        }
    }

    private List<BrokerIdentity> identitiesOf(BrokerAddr addr) {
        List<BrokerIdentity> found = new ArrayList<>();
        for (BrokerData brokerData : image.brokers().values()) {
            if (!brokerData.cluster().equals(addr.clusterName())) {
                continue;
            }
            brokerData.brokerAddrs().forEach((id, brokerAddr) -> {
                if (brokerAddr.equals(addr.brokerAddr())) {
                    found.add(new BrokerIdentity(addr.clusterName(), brokerAddr, brokerData.brokerName(), id));
                }
            });
        }
        return found;
    }

    private void commit(RouteDelta delta) {
        var change = delta.change();
        if (!change.isEmpty()) {
            storeWriter.apply(change);
        }
        RouteImage next = delta.nextImage();
        routeCache.change(delta.changedTopics(), () -> {
            delta.liveRemoved().forEach(liveTable::remove);
            liveTable.putAll(delta.livePut());
            image = next;
            delta.brokersWithTouchedQueues().forEach(appliedTopics::remove);
            appliedTopics.putAll(delta.appliedTopics());
            for (TopicQueueMapping mapping : delta.mappingsPut()) {
                mappingTable.computeIfAbsent(mapping.topic(), t -> new ConcurrentHashMap<>()).put(mapping.bname(), mapping);
            }
            for (String brokerName : delta.mappingBrokersRemoved()) {
                mappingTable.values().forEach(byBroker -> byBroker.remove(brokerName));
                mappingTable.values().removeIf(Map::isEmpty);
            }
        });
        if (config.get(NamesrvConfig.NOTIFY_MIN_BROKER_ID_CHANGED)) {
            delta.minBrokerIdChanges().forEach(idChange -> minBrokerIdListeners.forEach(l -> l.accept(idChange)));
        }
    }

    /** Called, after the change is stored, for each group whose lowest broker id changed. */
    public void onMinBrokerIdChanged(Consumer<MinBrokerIdChange> listener) {
        minBrokerIdListeners.add(listener);
    }

    /** The route of a topic, without the order-topic config; null when no live broker serves it. */
    public TopicRouteData route(String topic) {
        RouteImage current = image;
        Map<String, QueueData> queues = current.topicQueues().get(topic);
        if (queues == null) {
            return null;
        }
        List<BrokerData> brokerDatas = new ArrayList<>(queues.size());
        for (String brokerName : queues.keySet()) {
            BrokerData brokerData = current.brokers().get(brokerName);
            if (brokerData != null) {
                brokerDatas.add(brokerData);
            }
        }
        if (brokerDatas.isEmpty()) {
            return null;
        }
        Map<String, List<String>> filterServers = filterServerTable.isEmpty() ? Map.of() : filterServersOf(brokerDatas);
        if (config.get(NamesrvConfig.SUPPORT_ACTING_MASTER)) {
            brokerDatas = withActingMasters(topic, brokerDatas, queues);
        }
        Map<String, TopicQueueMapping> mappings = mappingTable.get(topic);
        return new TopicRouteData(null, List.copyOf(queues.values()), brokerDatas, filterServers,
            mappings == null || mappings.isEmpty() ? null : Map.copyOf(mappings));
    }

    /** broker address -> the filter servers it announced, for the addresses of these groups that did. */
    private Map<String, List<String>> filterServersOf(List<BrokerData> brokerDatas) {
        Map<String, List<String>> filterServers = new HashMap<>();
        for (BrokerData brokerData : brokerDatas) {
            for (String brokerAddr : brokerData.brokerAddrs().values()) {
                List<String> servers = filterServerTable.get(new BrokerAddr(brokerData.cluster(), brokerAddr));
                if (servers != null) {
                    filterServers.put(brokerAddr, servers);
                }
            }
        }
        return filterServers;
    }

    /**
     * In a group that has lost its master, the lowest slave is presented as master (id 0) for a
     * topic whose queues on that group are read-only, so clients can still read from it.
     */
    private static List<BrokerData> withActingMasters(String topic, List<BrokerData> brokerDatas,
                                                      Map<String, QueueData> queues) {
        if (topic.startsWith(SYNC_BROKER_MEMBER_GROUP_PREFIX)) {
            return brokerDatas;
        }
        List<BrokerData> result = new ArrayList<>(brokerDatas.size());
        for (BrokerData brokerData : brokerDatas) {
            result.add(needsActingMaster(brokerData, queues.get(brokerData.brokerName()))
                ? actingMasterView(brokerData) : brokerData);
        }
        return result;
    }

    private static boolean needsActingMaster(BrokerData brokerData, QueueData queueData) {
        var addrs = brokerData.brokerAddrs();
        return !addrs.isEmpty() && !addrs.containsKey(MASTER_ID) && brokerData.enableActingMaster()
            && queueData != null && !Perm.isWriteable(queueData.perm());
    }

    private static BrokerData actingMasterView(BrokerData brokerData) {
        TreeMap<Long, String> acting = new TreeMap<>(brokerData.brokerAddrs());
        String actingMasterAddr = acting.remove(acting.firstKey());
        acting.put(MASTER_ID, actingMasterAddr);
        return brokerData.withBrokerAddrs(acting);
    }

    public ClusterInfo clusterInfo() {
        RouteImage current = image;
        return new ClusterInfo(current.brokers(), current.clusters());
    }
}
