-- The route tables and the KV config. Names are case-sensitive, as in Apache's name server.

CREATE TABLE IF NOT EXISTS ns_cluster (
    cluster_name VARCHAR(255) NOT NULL,
    broker_name  VARCHAR(255) NOT NULL,
    PRIMARY KEY (cluster_name, broker_name)
);

CREATE TABLE IF NOT EXISTS ns_broker (
    broker_name          VARCHAR(255) NOT NULL PRIMARY KEY,
    cluster_name         VARCHAR(255) NOT NULL,
    zone_name            VARCHAR(255),
    enable_acting_master BOOLEAN      NOT NULL
);

CREATE TABLE IF NOT EXISTS ns_broker_addr (
    broker_name VARCHAR(255) NOT NULL,
    broker_id   BIGINT       NOT NULL,
    broker_addr VARCHAR(255) NOT NULL,
    PRIMARY KEY (broker_name, broker_id)
);

CREATE TABLE IF NOT EXISTS ns_topic_queue (
    topic            VARCHAR(255) NOT NULL,
    broker_name      VARCHAR(255) NOT NULL,
    read_queue_nums  INT          NOT NULL,
    write_queue_nums INT          NOT NULL,
    perm             INT          NOT NULL,
    topic_sys_flag   INT          NOT NULL,
    PRIMARY KEY (topic, broker_name)
);

CREATE TABLE IF NOT EXISTS ns_live (
    cluster_name             VARCHAR(255) NOT NULL,
    broker_addr              VARCHAR(255) NOT NULL,
    last_update_timestamp    BIGINT       NOT NULL,
    heartbeat_timeout_millis BIGINT       NOT NULL,
    state_version            BIGINT,
    version_timestamp        BIGINT,
    version_counter          BIGINT,
    ha_server_addr           VARCHAR(255),
    PRIMARY KEY (cluster_name, broker_addr)
);

CREATE TABLE IF NOT EXISTS ns_kv_config (
    namespace    VARCHAR(255) NOT NULL,
    config_key   VARCHAR(255) NOT NULL,
    config_value VARCHAR      NOT NULL,
    PRIMARY KEY (namespace, config_key)
);
