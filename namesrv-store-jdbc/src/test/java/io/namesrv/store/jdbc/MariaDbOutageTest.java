package io.namesrv.store.jdbc;

class MariaDbOutageTest extends DatabaseOutageContract {
    @Override
    protected ExternalDatabase server() {
        return ExternalDatabase.mariadb();
    }
}
