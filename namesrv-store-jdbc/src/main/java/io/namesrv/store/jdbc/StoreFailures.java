package io.namesrv.store.jdbc;

import io.namesrv.core.spi.StoreException;

import java.sql.SQLException;

/** Turns a database error into a StoreException that says what was being done, and on which database. */
final class StoreFailures {
    private StoreFailures() {
    }

    static StoreException of(String operation, String database, SQLException e) {
        return new StoreException("jdbc store could not " + operation + " on " + database + ": " + reason(e), e);
    }

    /**
     * The driver's message with its SQL state, plus what it hides elsewhere: a batch keeps the row's
     * own error in the next exception, and the pool's timeout keeps why it could not connect in
     * its cause.
     */
    static String reason(SQLException e) {
        StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()));
        if (e.getSQLState() != null) {
            reason.append(" (SQL state ").append(e.getSQLState()).append(')');
        }
        SQLException next = e.getNextException();
        if (next != null && next.getMessage() != null && !reason.toString().contains(next.getMessage())) {
            reason.append("; ").append(next.getMessage());
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !reason.toString().contains(cause.getMessage())) {
            reason.append("; caused by ").append(cause.getMessage());
        }
        return reason.toString();
    }
}
