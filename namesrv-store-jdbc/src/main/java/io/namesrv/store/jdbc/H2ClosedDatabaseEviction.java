package io.namesrv.store.jdbc;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;

/**
 * Tells the pool to drop a connection to an embedded H2 database that H2 closed. H2 closes a
 * database whose file it cannot write (a full or read-only disk) and every connection to it then
 * answers "database closed" forever; HikariCP keeps such connections, as the SQL state is not one of
 * a broken connection. Evicted, they are replaced by new ones, which open the file again once it can
 * be written: without this the store would never catch up after the disk has room again.
 */
final class H2ClosedDatabaseEviction implements SQLExceptionOverride {
    /** H2's ErrorCode.DATABASE_IS_CLOSED and DATABASE_CALLED_AT_SHUTDOWN. */
    private static final int DATABASE_IS_CLOSED = 90098;
    private static final int DATABASE_CALLED_AT_SHUTDOWN = 90121;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        int code = e.getErrorCode();
        return code == DATABASE_IS_CLOSED || code == DATABASE_CALLED_AT_SHUTDOWN ? Override.MUST_EVICT
            : Override.CONTINUE_EVICT;
    }
}
