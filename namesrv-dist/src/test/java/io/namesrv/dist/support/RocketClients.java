package io.namesrv.dist.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * Real RocketMQ 5.4.0 clients (admin, producer, push consumer) pointed at one name server address.
 * Each client gets a unique instance name (so each has its own {@code MQClientInstance}) and is
 * shut down, in reverse order of creation, by {@link #close()}; each shutdown is bounded.
 */
public final class RocketClients implements AutoCloseable {

    /** Timeout of admin and send calls. */
    public static final long CALL_TIMEOUT_MILLIS = 10_000;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 20_000;

    private final String namesrvAddr;
    private final Deque<Runnable> shutdowns = new ArrayDeque<>();
    private DefaultMQAdminExt sharedAdmin;

    public RocketClients(String namesrvAddr) {
        this.namesrvAddr = namesrvAddr;
    }

    /** A name unique to this test JVM and call, e.g. for groups, topics, instance names. */
    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public String namesrvAddr() {
        return namesrvAddr;
    }

    /** One started admin client shared by the callers of this object. */
    public synchronized DefaultMQAdminExt admin() {
        if (sharedAdmin == null) {
            sharedAdmin = newAdmin();
        }
        return sharedAdmin;
    }

    /** A new started admin client. */
    public synchronized DefaultMQAdminExt newAdmin() {
        return newAdmin(null, false);
    }

    /** A new started admin client whose requests pass through {@code rpcHook} (e.g. an ACL signer); null for none. */
    public synchronized DefaultMQAdminExt newAdmin(RPCHook rpcHook) {
        return newAdmin(rpcHook, false);
    }

    /**
     * A new started admin client over TLS, with Apache's client TLS settings of this JVM: unless
     * {@code -Dtls.*} says otherwise, its test mode, which trusts any server and has no certificate.
     */
    public synchronized DefaultMQAdminExt newTlsAdmin() {
        return newAdmin(null, true);
    }

    private DefaultMQAdminExt newAdmin(RPCHook rpcHook, boolean tls) {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(rpcHook, CALL_TIMEOUT_MILLIS);
        admin.setAdminExtGroup(unique("it_admin_group"));
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName(unique("it_admin"));
        admin.setUseTLS(tls);
        start("admin", admin::start);
        shutdowns.push(admin::shutdown);
        return admin;
    }

    /** A new started producer in {@code group}. */
    public synchronized DefaultMQProducer producer(String group) {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(unique("it_producer"));
        producer.setSendMsgTimeout((int) CALL_TIMEOUT_MILLIS);
        producer.setRetryTimesWhenSendFailed(2);
        start("producer " + group, producer::start);
        shutdowns.push(producer::shutdown);
        return producer;
    }

    /**
     * A new started push consumer in {@code group} subscribed to all of {@code topic}, reading from
     * the first offset.
     */
    public synchronized DefaultMQPushConsumer pushConsumer(String group, String topic,
                                                           MessageListenerConcurrently listener) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(unique("it_consumer"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        try {
            consumer.subscribe(topic, "*");
        } catch (MQClientException e) {
            throw new IllegalStateException("cannot subscribe to " + topic, e);
        }
        consumer.registerMessageListener(listener);
        start("consumer " + group, consumer::start);
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    /** Shuts every client down, newest first; each shutdown waits at most 20 s. */
    @Override
    public synchronized void close() {
        while (!shutdowns.isEmpty()) {
            Runnable shutdown = shutdowns.pop();
            Thread t = new Thread(shutdown, "rocket-client-shutdown");
            t.setDaemon(true);
            t.start();
            try {
                t.join(SHUTDOWN_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        sharedAdmin = null;
    }

    private interface Starter {
        void start() throws MQClientException;
    }

    private static void start(String what, Starter starter) {
        try {
            starter.start();
        } catch (MQClientException e) {
            throw new IllegalStateException("cannot start " + what, e);
        }
    }
}
