package io.voicegather.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of database work run on the shared connection. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
