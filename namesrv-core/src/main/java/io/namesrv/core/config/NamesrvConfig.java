package io.namesrv.core.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.namesrv.core.config.ConfigKey.boolKey;
import static io.namesrv.core.config.ConfigKey.enumKey;
import static io.namesrv.core.config.ConfigKey.intKey;
import static io.namesrv.core.config.ConfigKey.longKey;
import static io.namesrv.core.config.ConfigKey.stringKey;

/**
 * The effective configuration: every known key with its default, overridden by the file and the
 * command line. Keys are named as in RocketMQ's NamesrvConfig and NettyServerConfig where those
 * exist, so an operator's existing file keeps working. Keys nobody here knows (a store's own keys,
 * or Apache keys we do not use) are kept, so stores and the printed config see them.
 */
public final class NamesrvConfig {
    public static final ConfigKey<Integer> LISTEN_PORT =
        intKey("listenPort", 9876, "TCP port the server listens on");
    public static final ConfigKey<String> BIND_ADDRESS =
        stringKey("bindAddress", "0.0.0.0", "address the server binds to");
    public static final ConfigKey<String> STORE_TYPE =
        stringKey("storeType", "memory", "route store provider: memory, chronicle or jdbc");
    public static final ConfigKey<String> STORE_PATH =
        stringKey("storePath", Path.of(System.getProperty("user.home"), "namesrv", "store").toString(),
            "directory of the durable stores' files");
    /**
     * A failover of PostgreSQL commonly takes 30 to 120 s; a broker must not wait on it, nor be
     * expired for it. One second is far above a healthy store's write time.
     */
    public static final ConfigKey<Long> STORE_WRITE_TIMEOUT_MILLIS =
        longKey("storeWriteTimeoutMillis", 1_000,
            "longest wait for a store write; past it, or when the store fails, routes are changed in memory and the"
                + " store catches up later, and KV config writes are refused; read at start-up");
    public static final ConfigKey<Boolean> ORDER_MESSAGE_ENABLE =
        boolKey("orderMessageEnable", false, "add the ORDER_TOPIC_CONFIG KV entry of a topic to its route");
    public static final ConfigKey<Boolean> RETURN_ORDER_TOPIC_CONFIG_TO_BROKER =
        boolKey("returnOrderTopicConfigToBroker", true, "answer a registration with the ORDER_TOPIC_CONFIG KV table");
    public static final ConfigKey<Long> SCAN_NOT_ACTIVE_BROKER_INTERVAL =
        longKey("scanNotActiveBrokerInterval", 10_000, "milliseconds between two scans for silent brokers");
    public static final ConfigKey<Long> BROKER_HEARTBEAT_TIMEOUT_MILLIS =
        longKey("brokerHeartbeatTimeoutMillis", 120_000,
            "silence after which a broker is removed, unless its registration names its own timeout");
    public static final ConfigKey<Long> KV_CONFIG_LOG_INTERVAL =
        longKey("kvConfigLogInterval", 600_000, "milliseconds between two logs of the whole KV config");
    public static final ConfigKey<Boolean> SUPPORT_ACTING_MASTER =
        boolKey("supportActingMaster", false, "present the lowest slave of a master-less group as acting master");
    public static final ConfigKey<Boolean> NOTIFY_MIN_BROKER_ID_CHANGED =
        boolKey("notifyMinBrokerIdChanged", false,
            "tell a broker group's members when its lowest broker id changes (slave acting master)");
    public static final ConfigKey<Boolean> DELETE_TOPIC_WITH_BROKER_REGISTRATION =
        boolKey("deleteTopicWithBrokerRegistration", false,
            "drop a broker's topics that its registration no longer lists");
    public static final ConfigKey<Boolean> ENABLE_ALL_TOPIC_LIST =
        boolKey("enableAllTopicList", true, "answer GET_ALL_TOPIC_LIST_FROM_NAMESERVER");
    public static final ConfigKey<Boolean> ENABLE_TOPIC_LIST =
        boolKey("enableTopicList", true, "answer the topic lists by cluster and by unit flags");
    public static final ConfigKey<String> CONFIG_BLACK_LIST =
        stringKey("configBlackList", "configBlackList;configStorePath;kvConfigPath;storeType;storePath;jdbcUrl;jdbcUser;jdbcPassword;"
            + "aclEnable;aclAccountsFile;aclProtectReads;aclExemptRequestCodes;"
            + "tls.server.mode;tls.test.mode.enable;tls.server.certPath;tls.server.keyPath;tls.server.keyPassword;"
            + "tls.server.need.client.auth;tls.server.authClient;tls.server.trustCertPath;tls.ciphers;tls.protocols;tls.config.file",
            "keys UPDATE_NAMESRV_CONFIG may not change, separated by ';'");
    public static final ConfigKey<Boolean> NEED_WAIT_FOR_SERVICE =
        boolKey("needWaitForService", false, "refuse route queries for waitSecondsForService after start-up");
    public static final ConfigKey<Integer> WAIT_SECONDS_FOR_SERVICE =
        intKey("waitSecondsForService", 45, "how long route queries are refused after start-up, if needWaitForService");
    public static final ConfigKey<Integer> SERVER_WORKER_THREADS =
        intKey("serverWorkerThreads", 8, "threads that run requests which change state");
    public static final ConfigKey<Integer> SERVER_SELECTOR_THREADS =
        intKey("serverSelectorThreads", 3, "Netty I/O threads; more than the CPUs yield between turns");
    public static final ConfigKey<Integer> SERVER_SOCKET_SND_BUF_SIZE =
        intKey("serverSocketSndBufSize", 0, "socket send buffer in bytes, 0 for the system default");
    public static final ConfigKey<Integer> SERVER_SOCKET_RCV_BUF_SIZE =
        intKey("serverSocketRcvBufSize", 0, "socket receive buffer in bytes, 0 for the system default");
    public static final ConfigKey<Integer> SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS =
        intKey("serverChannelMaxIdleTimeSeconds", 120, "a connection idle this long is closed");
    public static final ConfigKey<Integer> SERVER_MAX_CONNECTIONS =
        intKey("serverMaxConnections", 10_000, "open connections accepted; a connection beyond is closed at once");
    public static final ConfigKey<Integer> SERVER_MAX_IN_FLIGHT_PER_CONNECTION =
        intKey("serverMaxInFlightPerConnection", 1024,
            "requests of one connection the server holds unanswered; beyond, SYSTEM_BUSY");
    /**
     * Apache's key names, Netty's defaults. A threshold, not a cap on one response: Netty takes a larger
     * write whole and only turns the connection unwritable, which stops reading its requests until it
     * drains. Kept low so that a client slow to read is slowed by TCP, losslessly, before the in-flight
     * cap refuses its requests.
     */
    public static final ConfigKey<Integer> WRITE_BUFFER_HIGH_WATER_MARK =
        intKey("writeBufferHighWaterMark", 64 * 1024,
            "bytes of answers a connection may leave unread before the server stops reading its requests");
    public static final ConfigKey<Integer> WRITE_BUFFER_LOW_WATER_MARK =
        intKey("writeBufferLowWaterMark", 32 * 1024, "unread answer bytes below which reading resumes");
    public static final ConfigKey<Integer> FRAME_MAX_LENGTH =
        intKey("frameMaxLength", 16 * 1024 * 1024, "largest frame accepted, in bytes; a larger one closes the connection");
    /** 64 MiB: the hot topics' routes of a big deployment, and a sixteenth of bin/namesrv's default heap. */
    public static final ConfigKey<Long> ROUTE_CACHE_MAX_BYTES =
        longKey("routeCacheMaxBytes", 64L * 1024 * 1024,
            "heap the cache of encoded route answers may take, in bytes; read at start-up");
    public static final ConfigKey<Integer> METRICS_PORT =
        intKey("metricsPort", 0, "HTTP port of /metrics and /health; 0 = no HTTP endpoint");
    /** Loopback by default: the metrics show the cluster's topology and the endpoint has no authentication. */
    public static final ConfigKey<String> METRICS_BIND_ADDRESS =
        stringKey("metricsBindAddress", "127.0.0.1", "address the HTTP endpoint binds to (it has no authentication)");
    /**
     * What RocketMQ clients and brokers started with {@code -Drocketmq.namesrv.domain=host:port} fetch
     * from {@code GET /rocketmq/<subgroup>} on the HTTP endpoint: changing it at run time moves them all.
     */
    public static final ConfigKey<List<String>> ADDRESS_SERVER_LIST =
        new ConfigKey<>("addressServerList", "", NamesrvConfig::nameServerAddresses,
            "name server addresses (host:port, separated by ';') served at /rocketmq/<addressServerSubgroup>"
                + " on the HTTP endpoint; empty = 404");
    /** Apache's clients ask for {@code rocketmq.namesrv.domain.subgroup}, by default nsaddr. */
    public static final ConfigKey<String> ADDRESS_SERVER_SUBGROUP =
        new ConfigKey<>("addressServerSubgroup", "nsaddr", NamesrvConfig::subgroup,
            "the path under /rocketmq/ that serves addressServerList, as clients' rocketmq.namesrv.domain.subgroup names it");
    /*
     * TLS, named as Apache's TlsSystemConfig names its system properties. Two defaults differ from
     * Apache's (permissive, test mode on): TLS is off unless asked for, and a configured certificate
     * is used rather than silently replaced by a self-signed one.
     */
    public static final ConfigKey<TlsMode> TLS_SERVER_MODE =
        enumKey("tls.server.mode", TlsMode.DISABLED, "disabled, permissive (TLS and plain on one port) or enforcing (TLS only)");
    public static final ConfigKey<Boolean> TLS_TEST_MODE_ENABLE =
        boolKey("tls.test.mode.enable", false, "serve TLS with a self-signed certificate made at start-up; the key and cert paths are ignored");
    public static final ConfigKey<String> TLS_SERVER_CERT_PATH =
        stringKey("tls.server.certPath", "", "the server's X.509 certificate chain, PEM");
    public static final ConfigKey<String> TLS_SERVER_KEY_PATH =
        stringKey("tls.server.keyPath", "", "the server's private key, PKCS#8 PEM, encrypted or not");
    public static final ConfigKey<String> TLS_SERVER_KEY_PASSWORD =
        stringKey("tls.server.keyPassword", "", "password of an encrypted tls.server.keyPath");
    public static final ConfigKey<TlsClientAuth> TLS_SERVER_NEED_CLIENT_AUTH =
        enumKey("tls.server.need.client.auth", TlsClientAuth.NONE, "none, optional or require a client certificate");
    public static final ConfigKey<Boolean> TLS_SERVER_AUTH_CLIENT =
        boolKey("tls.server.authClient", false, "verify client certificates; false accepts any (as Apache's)");
    public static final ConfigKey<String> TLS_SERVER_TRUST_CERT_PATH =
        stringKey("tls.server.trustCertPath", "", "certificates (PEM) client certificates are verified against; empty = the JDK's");
    public static final ConfigKey<String> TLS_CIPHERS =
        stringKey("tls.ciphers", "", "cipher suites, comma-separated; empty = the JDK's defaults");
    public static final ConfigKey<String> TLS_PROTOCOLS =
        stringKey("tls.protocols", "", "TLS versions, comma-separated (TLSv1.2,TLSv1.3); empty = the JDK's defaults");
    /** Read by bin/namesrv's start-up, where Apache reads it: it supplies the other TLS keys. */
    public static final ConfigKey<String> TLS_CONFIG_FILE =
        stringKey("tls.config.file", "/etc/rocketmq/tls.properties",
            "properties file of TLS keys (all but tls.server.mode), read at start-up when it exists");

    /**
     * Access control is read once, at start: its keys are in the default configBlackList, so that a
     * signed UPDATE_NAMESRV_CONFIG cannot switch it off for everyone.
     */
    public static final ConfigKey<Boolean> ACL_ENABLE =
        boolKey("aclEnable", false, "refuse requests that change state unless they carry RocketMQ's ACL signature "
            + "(AclClientRPCHook) of an account in aclAccountsFile");
    /** A file of its own, so that secrets are in no config the server prints or sends. */
    public static final ConfigKey<String> ACL_ACCOUNTS_FILE =
        stringKey("aclAccountsFile", "", "properties file (UTF-8) of accessKey=secretKey lines; required with aclEnable");
    public static final ConfigKey<Boolean> ACL_PROTECT_READS =
        boolKey("aclProtectReads", false, "with aclEnable, reads (routes, cluster info, KV reads...) need a signature too");
    public static final ConfigKey<Set<Integer>> ACL_EXEMPT_REQUEST_CODES =
        new ConfigKey<>("aclExemptRequestCodes", "", NamesrvConfig::requestCodes,
            "request codes served without a signature even with aclEnable, separated by ';' "
                + "(103;104;322 for RocketMQ 4.x brokers, which cannot sign)");

    public static final List<ConfigKey<?>> KEYS = List.of(LISTEN_PORT, BIND_ADDRESS, STORE_TYPE, STORE_PATH, STORE_WRITE_TIMEOUT_MILLIS,
        ORDER_MESSAGE_ENABLE, RETURN_ORDER_TOPIC_CONFIG_TO_BROKER, SCAN_NOT_ACTIVE_BROKER_INTERVAL,
        BROKER_HEARTBEAT_TIMEOUT_MILLIS, KV_CONFIG_LOG_INTERVAL, SUPPORT_ACTING_MASTER, NOTIFY_MIN_BROKER_ID_CHANGED,
        DELETE_TOPIC_WITH_BROKER_REGISTRATION, ENABLE_ALL_TOPIC_LIST, ENABLE_TOPIC_LIST, CONFIG_BLACK_LIST,
        NEED_WAIT_FOR_SERVICE, WAIT_SECONDS_FOR_SERVICE,
        SERVER_WORKER_THREADS, SERVER_SELECTOR_THREADS,
        SERVER_SOCKET_SND_BUF_SIZE, SERVER_SOCKET_RCV_BUF_SIZE, SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS,
        SERVER_MAX_CONNECTIONS, SERVER_MAX_IN_FLIGHT_PER_CONNECTION, WRITE_BUFFER_HIGH_WATER_MARK,
        WRITE_BUFFER_LOW_WATER_MARK, FRAME_MAX_LENGTH, ROUTE_CACHE_MAX_BYTES, METRICS_PORT, METRICS_BIND_ADDRESS,
        ADDRESS_SERVER_LIST, ADDRESS_SERVER_SUBGROUP, ACL_ENABLE, ACL_ACCOUNTS_FILE, ACL_PROTECT_READS, ACL_EXEMPT_REQUEST_CODES,
        TLS_SERVER_MODE, TLS_TEST_MODE_ENABLE, TLS_SERVER_CERT_PATH, TLS_SERVER_KEY_PATH, TLS_SERVER_KEY_PASSWORD,
        TLS_SERVER_NEED_CLIENT_AUTH, TLS_SERVER_AUTH_CLIENT, TLS_SERVER_TRUST_CERT_PATH, TLS_CIPHERS, TLS_PROTOCOLS,
        TLS_CONFIG_FILE);

    private volatile Map<String, String> values;

    private NamesrvConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Defaults overridden by {@code overrides}; every known key's value is checked here, at start-up. */
    public static NamesrvConfig of(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (ConfigKey<?> key : KEYS) {
            merged.put(key.name(), key.defaultValue());
        }
        overrides.forEach((k, v) -> merged.put(k.trim(), v.trim()));
        NamesrvConfig config = new NamesrvConfig(merged);
        KEYS.forEach(config::get);
        return config;
    }

    public static NamesrvConfig defaults() {
        return of(Map.of());
    }

    /**
     * Changes keys at run time; every known key among them is checked first, so a bad value changes
     * nothing. A running server changes its config through NameServer.updateConfig, which also
     * drops the routes encoded under the old values.
     */
    public synchronized void update(Map<String, String> changes) {
        Map<String, String> next = new LinkedHashMap<>(values);
        changes.forEach((k, v) -> next.put(k.trim(), v.trim()));
        NamesrvConfig candidate = new NamesrvConfig(next);
        KEYS.forEach(candidate::get);
        values = Collections.unmodifiableMap(next);
    }

    public <T> T get(ConfigKey<T> key) {
        return key.parse(values.get(key.name()));
    }

    /** A raw value, for keys that belong to a store module; null when unset. */
    public String raw(String name) {
        return values.get(name);
    }

    /** Every key and its value, sorted, with secrets (keys naming a password) masked: safe to print or send. */
    public Map<String, String> printable() {
        Map<String, String> printable = new TreeMap<>(values);
        printable.replaceAll((k, v) -> k.toLowerCase(Locale.ROOT).contains("password") && !v.isEmpty() ? "***" : v);
        return Collections.unmodifiableMap(printable);
    }

    private static Set<Integer> requestCodes(String list) {
        return Arrays.stream(list.split(";")).map(String::trim).filter(code -> !code.isEmpty())
            .map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> nameServerAddresses(String list) {
        return Arrays.stream(list.split(";")).map(String::trim).filter(address -> !address.isEmpty())
            .map(NamesrvConfig::hostAndPort).toList();
    }

    private static String hostAndPort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || address.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + address + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + address + "' has no port number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + address + "': port " + port + " is not in 1-65535");
        }
        return address;
    }

    private static String subgroup(String name) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("expected letters, digits, '_', '.' or '-'");
        }
        return name;
    }

    public boolean isKnown(String name) {
        return KEYS.stream().anyMatch(k -> k.name().equals(name));
    }
}
