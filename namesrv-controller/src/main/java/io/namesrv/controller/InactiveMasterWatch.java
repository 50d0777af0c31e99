package io.namesrv.controller;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.controller.live.BrokerIdentity;
import io.namesrv.controller.live.BrokerLiveTable;
import io.namesrv.controller.raft.RaftReplication;
import io.namesrv.controller.state.BrokerGroup;
import io.namesrv.controller.state.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts elections when a master is gone. On the leader, a master whose connection closed or whose
 * heartbeats stopped is replaced at once; a periodic scan also expires silent brokers and catches a
 * master that died while another node led (which this node's table shows as silent), but only once
 * this node had time to hear every live broker, so that a node that just started does not depose a
 * live master it has not heard from yet.
 */
final class InactiveMasterWatch implements RaftReplication.Leadership, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InactiveMasterWatch.class);
    private static final long ELECTION_WAIT_SECONDS = 5;

    private final Controller controller;
    private final BrokerLiveTable liveTable;
    private final Clock clock;
    private final long scanIntervalMillis;
    private final long hearingSince;
    /** Set once the controller is built: Raft may report leadership while it is still being built. */
    private volatile boolean started;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "controller-watch");
        thread.setDaemon(true);
        return thread;
    });

    InactiveMasterWatch(Controller controller, BrokerLiveTable liveTable, Clock clock, long scanIntervalMillis) {
        this.controller = controller;
        this.liveTable = liveTable;
        this.clock = clock;
        this.scanIntervalMillis = scanIntervalMillis;
        this.hearingSince = clock.millis();
    }

    void start() {
        started = true;
        executor.scheduleWithFixedDelay(this::scan, scanIntervalMillis, scanIntervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Brokers gone (connection closed): a master among them is replaced, on the leader. */
    void brokersInactive(List<BrokerIdentity> brokers) {
        submit(() -> brokers.forEach(this::replaceIfMaster));
    }

    @Override
    public void leaderStarted() {
        if (started) {
            submit(this::scan);
        }
    }

    @Override
    public void leaderStopped() {
        // nothing to stop: every election checks leadership when it proposes
    }

    private void scan() {
        try {
            List<BrokerIdentity> expired = liveTable.expire();
            if (!expired.isEmpty()) {
                log.info("No heartbeat within their timeout from {}", expired);
            }
            if (!controller.isLeader()) {
                return;
            }
            expired.forEach(this::replaceIfMaster);
            if (clock.millis() - hearingSince < BrokerLiveTable.DEFAULT_TIMEOUT_MILLIS) {
                return;
            }
            for (BrokerGroup group : controller.groups()) {
                Long master = group.masterBrokerId();
                if (master != null && !liveTable.isAlive(new BrokerIdentity(group.clusterName(), group.brokerName(), master))
                    && !liveTable.aliveIds(group.clusterName(), group.brokerName()).isEmpty()) {
                    log.info("Master {} of broker group {} is silent and other members are alive", master, group.brokerName());
                    elect(group.brokerName());
                }
            }
        } catch (RuntimeException e) {
            log.error("Scan for inactive masters failed", e);
        }
    }

    private void replaceIfMaster(BrokerIdentity broker) {
        if (!controller.isLeader()) {
            return;
        }
        BrokerGroup group = controller.group(broker.brokerName());
        if (group != null && group.masterBrokerId() != null && group.masterBrokerId() == broker.brokerId()) {
            log.info("Master {} of broker group {} is gone: electing a new one", broker.brokerId(), broker.brokerName());
            elect(broker.brokerName());
        }
    }

    private void elect(String brokerName) {
        int attempts = controller.config().get(ControllerConfig.ELECT_MASTER_MAX_RETRY_COUNT);
        for (int attempt = 1; attempt <= attempts && controller.isLeader(); attempt++) {
            try {
                Outcome outcome = controller.electMaster("", brokerName, null, false)
                    .get(ELECTION_WAIT_SECONDS, TimeUnit.SECONDS);
                if (outcome.code() == ResponseCode.SUCCESS || outcome.code() == ResponseCode.CONTROLLER_MASTER_STILL_EXIST) {
                    return;
                }
                log.warn("Election in broker group {} (attempt {} of {}): {} {}", brokerName, attempt, attempts,
                    outcome.code(), outcome.remark());
                if (outcome.code() == ResponseCode.CONTROLLER_MASTER_NOT_AVAILABLE) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Election in broker group {} (attempt {} of {}) failed: {}", brokerName, attempt, attempts, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Controller closing: {} not run", task);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
