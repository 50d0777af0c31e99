/*
 * Apache RocketMQ 4.9.7 client-side scenario against a name server, for Rocketmq497CompatIT.
 *
 * NOT compiled by Maven (it needs RocketMQ 4.9.7 on the classpath; the test classpath has 5.4.0):
 * the IT runs it with the JEP 330 source launcher on the resolved 4.9.7 classpath:
 *
 *   java -cp <rocketmq 4.9.7 jars> src/test/compat/Rocketmq497Driver.java \
 *       --namesrv 127.0.0.1:9876 --cluster C --broker-name B --broker-addr 127.0.0.1:10911 --mode full
 *
 * Modes: "full" (every name server call of DefaultMQAdminExt, plus 200 messages produced and
 * consumed), "light" (cluster info, routes, KV round trip, name server config: for the run with
 * -Drocketmq.serialize.type=ROCKETMQ), "acl" (against a name server with aclEnable: KV and config
 * writes signed by 4.9.7's AclClientRPCHook with -Dacl.accessKey / -Dacl.secretKey are served, with a wrong
 * secret key or unsigned refused NO_PERMISSION, reads unsigned served; the broker options are unused).
 *
 * Prints "STEP <name> OK <detail>" per step, "DONE <n> steps" at the end and exits 0; on the first
 * failure prints "FAIL <name>: <why>" and the stack trace, and exits 1. Every wait is bounded.
 */

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.RequestCode;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.body.ClusterInfo;
import org.apache.rocketmq.common.protocol.body.KVTable;
import org.apache.rocketmq.common.protocol.body.TopicList;
import org.apache.rocketmq.common.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.common.protocol.route.QueueData;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

public class Rocketmq497Driver {

    private static final long CALL_TIMEOUT_MILLIS = 10_000;
    private static final long ROUTE_WAIT_MILLIS = 30_000;
    private static final long CONSUME_WAIT_MILLIS = 60_000;
    private static final int PERM_RW = PermName.PERM_READ | PermName.PERM_WRITE;

    private final Map<String, String> opts;
    private final String namesrv;
    private final String cluster;
    private final String brokerName;
    private final String brokerAddr;
    private final String mode;
    private final String tag;
    private final List<Runnable> shutdowns = new ArrayList<>();
    private DefaultMQAdminExt admin;
    private NettyRemotingClient raw;
    private String topic;
    private int steps;
    private String currentStep = "start";

    private Rocketmq497Driver(Map<String, String> opts) {
        this.opts = opts;
        this.namesrv = required(opts, "namesrv");
        this.cluster = required(opts, "cluster");
        this.brokerName = required(opts, "broker-name");
        this.brokerAddr = required(opts, "broker-addr");
        this.mode = opts.getOrDefault("mode", "full");
        this.tag = mode + "_" + Long.toString(System.currentTimeMillis(), 36);
    }

    public static void main(String[] args) {
        Rocketmq497Driver driver = new Rocketmq497Driver(parse(args));
        int exit = 0;
        try {
            driver.run();
            System.out.println("DONE " + driver.steps + " steps");
        } catch (Throwable t) {
            System.out.println("FAIL " + driver.currentStep + ": " + t);
            t.printStackTrace(System.out);
            exit = 1;
        } finally {
            driver.shutdown();
        }
        System.out.flush();
        System.exit(exit);
    }

    // ------------------------------------------------------------------------------------------

    private void run() throws Exception {
        step("client-version", () -> "MQVersion " + MQVersion.getVersionDesc(MQVersion.CURRENT_VERSION)
            + " (ordinal " + MQVersion.CURRENT_VERSION + "), serializeType="
            + RemotingCommand.getSerializeTypeConfigInThisServer() + ", java " + System.getProperty("java.version"));

        if ("acl".equals(mode)) {
            runAcl();
            return;
        }
        admin = startedAdmin(null, "admin");
        raw = new NettyRemotingClient(new NettyClientConfig());
        raw.start();
        shutdowns.add(raw::shutdown);

        step("cluster-info", this::clusterInfo);
        step("create-topic-route", this::createTopicAndRoute);
        step("route-raw-current-version", () -> rawRoute(MQVersion.CURRENT_VERSION));
        step("route-raw-v4_9_3", () -> rawRoute(MQVersion.Version.V4_9_3.ordinal()));
        step("route-missing-topic", this::missingTopic);
        if (full()) {
            step("system-topic-list", this::systemTopicList);
            step("send-messages", this::sendMessages);
            step("consume-messages", this::consumeMessages);
            step("topic-list-all", this::allTopicList);
            step("topic-list-by-cluster", this::topicsByCluster);
            step("write-perm-wipe-add", this::writePerm);
        }
        step("kv-config", this::kvConfig);
        step("namesrv-config", this::namesrvConfig);
        step("order-conf", this::orderConf);
        if (full()) {
            step("delete-topic-in-namesrv", this::deleteTopicInNamesrv);
        }
    }

    private DefaultMQAdminExt startedAdmin(RPCHook rpcHook, String name) throws MQClientException {
        DefaultMQAdminExt started = new DefaultMQAdminExt(rpcHook, CALL_TIMEOUT_MILLIS);
        started.setNamesrvAddr(namesrv);
        started.setInstanceName("c497_" + name + "_" + tag);
        started.start();
        shutdowns.add(started::shutdown);
        return started;
    }

    private void runAcl() throws Exception {
        String accessKey = requiredProperty("acl.accessKey");
        String secretKey = requiredProperty("acl.secretKey");
        DefaultMQAdminExt signed = startedAdmin(new AclClientRPCHook(new SessionCredentials(accessKey, secretKey)), "signed");
        DefaultMQAdminExt wrongSecret = startedAdmin(
            new AclClientRPCHook(new SessionCredentials(accessKey, secretKey + "-wrong")), "wrong_secret");
        DefaultMQAdminExt unsigned = startedAdmin(null, "unsigned");
        String ns = "C497_ACL_" + tag;
        step("acl-signed-kv", () -> {
            signed.createAndUpdateKvConfig(ns, "k", "v");
            check("v".equals(unsigned.getKVConfig(ns, "k")), "unsigned get of the signed put");
            signed.deleteKvConfig(ns, "k");
            expectCode(ResponseCode.QUERY_NOT_FOUND, "get after the signed delete", () -> unsigned.getKVConfig(ns, "k"));
            return "put, delete signed; get unsigned";
        });
        step("acl-refused-kv", () -> {
            expectCode(ResponseCode.NO_PERMISSION, "put with a wrong secret key",
                () -> { wrongSecret.createAndUpdateKvConfig(ns, "k", "wrong"); return "served"; });
            expectCode(ResponseCode.NO_PERMISSION, "unsigned put",
                () -> { unsigned.createAndUpdateKvConfig(ns, "k", "unsigned"); return "served"; });
            expectCode(ResponseCode.QUERY_NOT_FOUND, "get after the refused puts", () -> unsigned.getKVConfig(ns, "k"));
            return "NO_PERMISSION with a wrong secret key and unsigned; nothing written";
        });
        step("acl-namesrv-config", () -> {
            Properties change = new Properties();
            change.setProperty("kvConfigLogInterval", "300000");
            List<String> servers = Collections.singletonList(namesrv);
            expectCode(ResponseCode.NO_PERMISSION, "unsigned config update",
                () -> { unsigned.updateNameServerConfig(change, servers); return "served"; });
            signed.updateNameServerConfig(change, servers);
            String value = unsigned.getNameServerConfig(servers).get(namesrv).getProperty("kvConfigLogInterval");
            check("300000".equals(value), "kvConfigLogInterval after the signed update: " + value);
            return "update refused unsigned, served signed";
        });
    }

    private String clusterInfo() throws Exception {
        ClusterInfo info = admin.examineBrokerClusterInfo();
        Set<String> names = info.getClusterAddrTable().get(cluster);
        check(names != null && names.contains(brokerName), "cluster " + cluster + " lists " + brokerName + ": "
            + info.getClusterAddrTable());
        BrokerData data = info.getBrokerAddrTable().get(brokerName);
        check(data != null, "broker data of " + brokerName + " in " + info.getBrokerAddrTable());
        check(cluster.equals(data.getCluster()), "broker data cluster " + data.getCluster());
        check(brokerName.equals(data.getBrokerName()), "broker data name " + data.getBrokerName());
        Map<Long, String> expected = new HashMap<>();
        expected.put(0L, brokerAddr);
        check(expected.equals(data.getBrokerAddrs()), "broker addrs " + data.getBrokerAddrs() + " != " + expected);
        return "clusters " + info.getClusterAddrTable() + ", " + brokerName + " -> " + data.getBrokerAddrs();
    }

    private String createTopicAndRoute() throws Exception {
        topic = "c497_rw_" + tag;
        admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(topic, 4, 4, PERM_RW));
        TopicRouteData route = awaitRoute(topic);
        checkSingleBrokerRoute(route, 4, 4, PERM_RW);
        String detail = topic + " -> " + route.getQueueDatas();
        if (full()) {
            String readOnly = "c497_ro_" + tag;
            admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(readOnly, 2, 3, PermName.PERM_READ));
            checkSingleBrokerRoute(awaitRoute(readOnly), 2, 3, PermName.PERM_READ);
            detail += "; " + readOnly + " read 2 / write 3 / perm 4";
        }
        return detail;
    }

    /**
     * GET_ROUTEINFO_BY_TOPIC sent by hand with the given header {@code version}: prints which JSON
     * form the body has (map keys quoted or not) and checks that 4.9.7's own decoder reads it.
     */
    private String rawRoute(int version) throws Exception {
        GetRouteInfoRequestHeader header = new GetRouteInfoRequestHeader();
        header.setTopic(topic);
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, header);
        request.setVersion(version);
        RemotingCommand response = raw.invokeSync(namesrv, request, CALL_TIMEOUT_MILLIS);
        check(response != null, "no response");
        check(response.getCode() == ResponseCode.SUCCESS, "code " + response.getCode() + " remark " + response.getRemark());
        // Not checked: Apache's name server answers in its own configured type (JSON by default)
        // whatever the request used; clients read the type from each frame.
        check(response.getBody() != null, "no body");
        String body = new String(response.getBody(), StandardCharsets.UTF_8);
        String form = body.contains("\"brokerAddrs\":{\"0\"") ? "standard-json"
            : body.contains("\"brokerAddrs\":{0") ? "fastjson-unquoted-keys" : "unknown";
        TopicRouteData route;
        try {
            route = TopicRouteData.decode(response.getBody(), TopicRouteData.class);
        } catch (RuntimeException e) {
            throw new IllegalStateException("4.9.7 TopicRouteData.decode fails on the body " + body, e);
        }
        check(route != null, "decoded null from " + body);
        checkSingleBrokerRoute(route, 4, 4, PERM_RW);
        return "version " + version + " (" + MQVersion.getVersionDesc(version) + "), request serializeType "
            + request.getSerializeTypeCurrentRPC() + ", response serializeType " + response.getSerializeTypeCurrentRPC()
            + ", form=" + form + ", body " + body;
    }

    private String missingTopic() throws Exception {
        String missing = "c497_missing_" + tag;
        try {
            TopicRouteData route = admin.examineTopicRouteInfo(missing);
            throw new IllegalStateException("a route for a topic that does not exist: " + route);
        } catch (MQClientException e) {
            check(e.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST,
                "response code " + e.getResponseCode() + " (want TOPIC_NOT_EXIST 17): " + e.getErrorMessage());
            return "TOPIC_NOT_EXIST: " + e.getErrorMessage();
        }
    }

    private String systemTopicList() throws Exception {
        TopicList list = clientApi().getSystemTopicList(CALL_TIMEOUT_MILLIS);
        check(list.getTopicList().contains(cluster) && list.getTopicList().contains(brokerName),
            "system topics " + list.getTopicList() + " hold the cluster and broker names");
        check(brokerAddr.equals(list.getBrokerAddr()), "system topic list brokerAddr " + list.getBrokerAddr());
        return new TreeSet<>(list.getTopicList()) + " brokerAddr " + list.getBrokerAddr();
    }

    private final Set<String> sentKeys = new HashSet<>();

    private String sendMessages() throws Exception {
        int count = Integer.parseInt(opts.getOrDefault("messages", "200"));
        DefaultMQProducer producer = new DefaultMQProducer("c497_pg_" + tag);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName("c497_producer_" + tag);
        producer.setSendMsgTimeout((int) CALL_TIMEOUT_MILLIS);
        producer.setRetryTimesWhenSendFailed(2);
        producer.start();
        shutdowns.add(producer::shutdown);
        Set<Integer> queues = new TreeSet<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String key = "key-" + i;
            SendResult result = producer.send(new Message(topic, "tag", key, ("body-" + i).getBytes(StandardCharsets.UTF_8)));
            check(result.getSendStatus() == SendStatus.SEND_OK, "send " + i + ": " + result);
            check(brokerName.equals(result.getMessageQueue().getBrokerName()), "send " + i + " went to " + result.getMessageQueue());
            queues.add(result.getMessageQueue().getQueueId());
            sentKeys.add(key);
        }
        check(queues.equals(new TreeSet<>(List.of(0, 1, 2, 3))), "queues used " + queues + " (want the 4 routed queues)");
        return count + " SEND_OK in " + millisSince(t0) + " ms over queues " + queues;
    }

    private String consumeMessages() throws Exception {
        Map<String, String> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("c497_cg_" + tag);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName("c497_consumer_" + tag);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt msg : msgs) {
                received.put(msg.getKeys(), new String(msg.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        long t0 = System.nanoTime();
        consumer.start();
        shutdowns.add(consumer::shutdown);
        long deadline = System.currentTimeMillis() + CONSUME_WAIT_MILLIS;
        while (received.size() < sentKeys.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        check(received.keySet().equals(sentKeys), "received " + received.size() + " of " + sentKeys.size()
            + " within " + CONSUME_WAIT_MILLIS + " ms");
        for (Map.Entry<String, String> e : received.entrySet()) {
            check(("body-" + e.getKey().substring("key-".length())).equals(e.getValue()), "body of " + e.getKey() + ": " + e.getValue());
        }
        return received.size() + " received by a push consumer in " + millisSince(t0) + " ms";
    }

    private String allTopicList() throws Exception {
        Set<String> topics = admin.fetchAllTopicList().getTopicList();
        for (String want : List.of(topic, cluster, brokerName)) {
            check(topics.contains(want), "fetchAllTopicList lacks " + want + ": " + topics);
        }
        return topics.size() + " topics, including " + topic + ", " + cluster + ", " + brokerName;
    }

    private String topicsByCluster() throws Exception {
        Set<String> topics = admin.fetchTopicsByCLuster(cluster).getTopicList();
        check(topics.contains(topic), "fetchTopicsByCLuster(" + cluster + ") lacks " + topic + ": " + topics);
        return topics.size() + " topics in " + cluster;
    }

    private String writePerm() throws Exception {
        int wiped = admin.wipeWritePermOfBroker(namesrv, brokerName);
        check(wiped >= 1, "wipeWritePermOfBroker returned " + wiped);
        int perm = admin.examineTopicRouteInfo(topic).getQueueDatas().get(0).getPerm();
        check(perm == PermName.PERM_READ, "perm after wipe " + perm);
        int added = admin.addWritePermOfBroker(namesrv, brokerName);
        check(added == wiped, "addWritePermOfBroker returned " + added + ", wipe returned " + wiped);
        perm = admin.examineTopicRouteInfo(topic).getQueueDatas().get(0).getPerm();
        check(perm == PERM_RW, "perm after add " + perm);
        return "wiped " + wiped + ", added " + added + ", perm back to " + perm;
    }

    private String kvConfig() throws Exception {
        String ns = "C497_NS_" + tag;
        admin.createAndUpdateKvConfig(ns, "k1", "v1");
        admin.createAndUpdateKvConfig(ns, "k2", "v2");
        check("v1".equals(admin.getKVConfig(ns, "k1")), "get k1");
        Map<String, String> want = new HashMap<>();
        want.put("k1", "v1");
        want.put("k2", "v2");
        check(want.equals(kvList(ns)), "list " + kvList(ns) + " != " + want);
        admin.createAndUpdateKvConfig(ns, "k1", "v1-updated");
        check("v1-updated".equals(admin.getKVConfig(ns, "k1")), "get k1 after update");
        admin.deleteKvConfig(ns, "k1");
        expectCode(ResponseCode.QUERY_NOT_FOUND, "getKVConfig of a deleted key", () -> admin.getKVConfig(ns, "k1"));
        check(Collections.singletonMap("k2", "v2").equals(kvList(ns)), "list after delete " + kvList(ns));
        expectCode(ResponseCode.QUERY_NOT_FOUND, "getKVListByNamespace of an unknown namespace",
            () -> admin.getKVListByNamespace("C497_NO_NS_" + tag));
        admin.deleteKvConfig(ns, "k2");
        return "put/get/list/update/delete in " + ns + "; QUERY_NOT_FOUND for a deleted key and an unknown namespace";
    }

    private Map<String, String> kvList(String ns) throws Exception {
        KVTable table = admin.getKVListByNamespace(ns);
        return new HashMap<>(table.getTable());
    }

    private String namesrvConfig() throws Exception {
        List<String> servers = List.of(namesrv);
        Properties before = admin.getNameServerConfig(servers).get(namesrv);
        check(before != null, "no config for " + namesrv);
        check("true".equals(before.getProperty("enableAllTopicList")), "enableAllTopicList " + before.getProperty("enableAllTopicList"));
        check("true".equals(before.getProperty("orderMessageEnable")), "orderMessageEnable " + before.getProperty("orderMessageEnable"));

        Properties change = new Properties();
        change.setProperty("enableAllTopicList", "false");
        admin.updateNameServerConfig(change, servers);
        String now = admin.getNameServerConfig(servers).get(namesrv).getProperty("enableAllTopicList");
        check("false".equals(now), "enableAllTopicList after update " + now);
        try {
            TopicList list = admin.fetchAllTopicList();
            throw new IllegalStateException("fetchAllTopicList works with enableAllTopicList=false: " + list.getTopicList().size());
        } catch (MQClientException expected) {
            // SYSTEM_ERROR "disable"
        }
        change.setProperty("enableAllTopicList", "true");
        admin.updateNameServerConfig(change, servers);
        now = admin.getNameServerConfig(servers).get(namesrv).getProperty("enableAllTopicList");
        check("true".equals(now), "enableAllTopicList after restore " + now);
        admin.fetchAllTopicList();

        Properties blackListed = new Properties();
        blackListed.setProperty("kvConfigPath", "/tmp/c497-elsewhere");
        String refusal;
        try {
            admin.updateNameServerConfig(blackListed, servers);
            throw new IllegalStateException("updateNameServerConfig accepted the black-listed key kvConfigPath");
        } catch (MQClientException e) {
            refusal = "code " + e.getResponseCode() + " " + e.getErrorMessage();
        }
        return before.size() + " keys; enableAllTopicList false/true round trip; kvConfigPath refused (" + refusal + ")";
    }

    private String orderConf() throws Exception {
        String conf = brokerName + ":4";
        admin.createOrUpdateOrderConf(topic, conf, false);
        String kv = admin.getKVConfig("ORDER_TOPIC_CONFIG", topic);
        check(conf.equals(kv), "ORDER_TOPIC_CONFIG/" + topic + " = " + kv);
        String routeConf = admin.examineTopicRouteInfo(topic).getOrderTopicConf();
        check(conf.equals(routeConf), "route orderTopicConf " + routeConf);
        return "orderTopicConf " + routeConf;
    }

    private String deleteTopicInNamesrv() throws Exception {
        String doomed = "c497_delete_" + tag;
        admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(doomed, 2, 2, PERM_RW));
        awaitRoute(doomed);
        Set<String> addrs = new HashSet<>(List.of(namesrv));
        // 4.9.x argument order: (addrs, topic, clusterName); 5.x has (addrs, clusterName, topic)
        admin.deleteTopicInNameServer(addrs, doomed, cluster);
        expectCode(ResponseCode.TOPIC_NOT_EXIST, "route of the deleted topic", () -> admin.examineTopicRouteInfo(doomed));
        check(!admin.fetchTopicsByCLuster(cluster).getTopicList().contains(doomed), "deleted topic still in the cluster's list");
        checkSingleBrokerRoute(admin.examineTopicRouteInfo(topic), 4, 4, PERM_RW);
        return doomed + " gone (TOPIC_NOT_EXIST), " + topic + " untouched";
    }

    // ------------------------------------------------------------------------------------------

    private org.apache.rocketmq.client.impl.MQClientAPIImpl clientApi() {
        return org.apache.rocketmq.client.impl.MQClientManager.getInstance()
            .getOrCreateMQClientInstance(admin).getMQClientAPIImpl();
    }

    private TopicRouteData awaitRoute(String name) throws Exception {
        long deadline = System.currentTimeMillis() + ROUTE_WAIT_MILLIS;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                TopicRouteData route = admin.examineTopicRouteInfo(name);
                if (route != null && route.getQueueDatas() != null && !route.getQueueDatas().isEmpty()) {
                    return route;
                }
            } catch (MQClientException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no route for " + name + " within " + ROUTE_WAIT_MILLIS + " ms; last error " + last, last);
    }

    private void checkSingleBrokerRoute(TopicRouteData route, int read, int write, int perm) {
        check(route.getQueueDatas() != null && route.getQueueDatas().size() == 1, "queue datas " + route.getQueueDatas());
        QueueData queue = route.getQueueDatas().get(0);
        check(brokerName.equals(queue.getBrokerName()), "queue data broker " + queue.getBrokerName());
        check(queue.getReadQueueNums() == read, "readQueueNums " + queue.getReadQueueNums() + " want " + read);
        check(queue.getWriteQueueNums() == write, "writeQueueNums " + queue.getWriteQueueNums() + " want " + write);
        check(queue.getPerm() == perm, "perm " + queue.getPerm() + " want " + perm);
        check(queue.getTopicSysFlag() == 0, "topicSysFlag " + queue.getTopicSysFlag());
        check(route.getBrokerDatas() != null && route.getBrokerDatas().size() == 1, "broker datas " + route.getBrokerDatas());
        BrokerData data = route.getBrokerDatas().get(0);
        check(cluster.equals(data.getCluster()), "broker data cluster " + data.getCluster());
        check(brokerName.equals(data.getBrokerName()), "broker data name " + data.getBrokerName());
        check(data.getBrokerAddrs() != null && data.getBrokerAddrs().size() == 1
            && brokerAddr.equals(data.getBrokerAddrs().get(0L)), "broker addrs " + data.getBrokerAddrs());
    }

    private interface Call {
        Object call() throws Exception;
    }

    private interface Step {
        String run() throws Exception;
    }

    private static void expectCode(int code, String what, Call call) throws Exception {
        Object result;
        try {
            result = call.call();
        } catch (MQClientException e) {
            check(e.getResponseCode() == code, what + ": response code " + e.getResponseCode() + " want " + code
                + " (" + e.getErrorMessage() + ")");
            return;
        }
        throw new IllegalStateException(what + ": expected response code " + code + ", got a result: " + result);
    }

    private void step(String name, Step body) throws Exception {
        currentStep = name;
        long t0 = System.nanoTime();
        String detail = body.run();
        steps++;
        System.out.println("STEP " + name + " OK (" + millisSince(t0) + " ms) " + detail);
        System.out.flush();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private void shutdown() {
        Collections.reverse(shutdowns);
        for (Runnable r : shutdowns) {
            Thread t = new Thread(r, "c497-shutdown");
            t.setDaemon(true);
            t.start();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean full() {
        return "full".equals(mode);
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String required(Map<String, String> opts, String key) {
        String value = opts.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return value;
    }

    private static String requiredProperty(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing -D" + key);
        }
        return value;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --key value ...; bad argument " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
