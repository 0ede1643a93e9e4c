package io.voicegather.server.webhook;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checked first in every outbox transaction: a node that lost its lease (a survivor took its lanes) must write
 * nothing more, or a row it commits late would land behind a call.hangup the survivor already sent. Throws to refuse
 * the transaction; the writer retries the batch, so nothing is lost while the node may still get its lease back.
 */
@FunctionalInterface
public interface WriteFence {
    /** No fence: a single server, which no other node can take over. */
    WriteFence NONE = c -> {
    };

    void check(Connection c) throws SQLException;
}
