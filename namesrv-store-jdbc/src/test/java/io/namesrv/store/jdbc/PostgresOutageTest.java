package io.namesrv.store.jdbc;

class PostgresOutageTest extends DatabaseOutageContract {
    @Override
    protected ExternalDatabase server() {
        return ExternalDatabase.postgres();
    }
}
