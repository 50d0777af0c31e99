package io.namesrv.dist.support;

import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

import java.time.Duration;

/**
 * A RocketMQ 5.4.0 admin client in its own JVM, for TlsEndToEndIT: Apache's client reads its TLS
 * settings ({@code -Dtls.enable}, {@code -Dtls.client.*}) once, into static fields, so a client with
 * its own certificate needs a JVM of its own. Against the name server given, over TLS: waits for the
 * broker to be listed, creates a topic on the broker and reads its route, writes and reads a KV entry.
 *
 * <p>{@code TlsAdminDriver <namesrv> <cluster> <broker name> <broker address>}. Prints
 * {@code STEP <name> OK <detail>} per step and {@code DONE}, exit 0; on a failure the stack trace, exit 1.
 */
public final class TlsAdminDriver {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TlsAdminDriver() {
    }

    public static void main(String[] args) {
        String namesrv = args[0];
        String cluster = args[1];
        String brokerName = args[2];
        String brokerAddr = args[3];
        DefaultMQAdminExt admin = new DefaultMQAdminExt(RocketClients.unique("tls_admin_group"), RocketClients.CALL_TIMEOUT_MILLIS);
        admin.setNamesrvAddr(namesrv);
        admin.setInstanceName(RocketClients.unique("tls_admin"));
        try {
            step("client", "useTLS=" + admin.isUseTLS() + " testMode=" + TlsSystemConfig.tlsTestModeEnable
                + " authServer=" + TlsSystemConfig.tlsClientAuthServer + " certPath=" + TlsSystemConfig.tlsClientCertPath);
            admin.start();

            ClusterInfo info = Await.until("the broker in the cluster info", WAIT, admin::examineBrokerClusterInfo,
                i -> i.getBrokerAddrTable().containsKey(brokerName)
                    && brokerAddr.equals(i.getBrokerAddrTable().get(brokerName).getBrokerAddrs().get(0L)));
            step("broker-registered", cluster + " " + info.getClusterAddrTable().get(cluster));

            String topic = RocketClients.unique("tls_topic");
            admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(topic, 4, 4, PermName.PERM_READ | PermName.PERM_WRITE));
            TopicRouteData route = Await.until("a route for " + topic, WAIT, () -> admin.examineTopicRouteInfo(topic),
                r -> r != null && !r.getQueueDatas().isEmpty());
            step("route", topic + " " + route.getQueueDatas().get(0).getWriteQueueNums() + " queues on "
                + route.getBrokerDatas().get(0).getBrokerAddrs());

            String value = RocketClients.unique("value");
            admin.createAndUpdateKvConfig("TLS_IT", "key", value);
            String read = admin.getKVConfig("TLS_IT", "key");
            if (!value.equals(read)) {
                throw new IllegalStateException("KV read " + read + ", wrote " + value);
            }
            step("kv", "TLS_IT/key=" + read);
            System.out.println("DONE");
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        } finally {
            admin.shutdown();
        }
        System.exit(0);
    }

    private static void step(String name, String detail) {
        System.out.println("STEP " + name + " OK " + detail);
        System.out.flush();
    }
}
