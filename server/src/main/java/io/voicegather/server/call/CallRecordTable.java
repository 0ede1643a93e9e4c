package io.voicegather.server.call;

import io.voicegather.server.webhook.WebhookTarget;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The SQL of the {@code call_record} table (migration V6). Every method runs inside the caller's transaction. */
final class CallRecordTable {
    private static final String INSERT = "INSERT INTO call_record (call_control_id, call_leg_id,"
            + " call_session_id, from_user, to_user, caller_id_name, state, start_time, client_state, webhook_url,"
            + " webhook_method, failover_url, node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (call_control_id) DO NOTHING"; // SQLite and PostgreSQL alike
    private static final String ANSWER = "UPDATE call_record SET state = ?, client_state = ?,"
            + " webhook_url = ?, webhook_method = ?, failover_url = ?, event_routes = ? WHERE call_control_id = ?";
    private static final String COLUMNS = "call_control_id, call_leg_id, call_session_id, from_user,"
            + " to_user, caller_id_name, state, start_time, client_state, webhook_url, webhook_method, failover_url,"
            + " event_routes";
    private static final String SELECT_OPEN = "SELECT " + COLUMNS
            + " FROM call_record WHERE ended_at IS NULL AND node_id = ? ORDER BY start_time";
    /** A dead node's open calls, given to a survivor in the claim's transaction (PostgreSQL only). */
    private static final String MOVE_OPEN = "UPDATE call_record SET node_id = ? WHERE ended_at IS NULL AND node_id = ?"
            + " RETURNING " + COLUMNS;

    private CallRecordTable() {
    }

    /** The state column's words: parked, answered, ended. */
    static String stateWord(CallState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** One record as stored: what a call's webhooks need once the call itself is gone. */
    record Row(String callControlId, String callLegId, String callSessionId, String from, String to,
               String callerIdName, String state, String startTime, String clientState, WebhookTarget target,
               EventRoutes routes) {
        /** The call as it is now; taken on its strand, written later by the outbox's writer. */
        static Row of(Call call) {
            return new Row(call.callControlId, call.callLegId, call.callSessionId, call.from, call.to,
                    call.callerIdName, stateWord(call.state),
                    call.startTime.toString(), call.clientState, call.webhookTarget, call.eventRoutes);
        }

        /** The call as its webhooks see it, with no line behind it (no SIP, media or strand): it is over. */
        Call withoutLine() {
            Call call = new Call(callControlId, callLegId, callSessionId, from, to, callerIdName, null, null, null,
                    null, null, Instant.parse(startTime), target);
            call.clientState = clientState;
            call.eventRoutes = routes;
            return call;
        }
    }

    static void insert(Connection c, Row r) throws SQLException {
        insert(c, r, 0);
    }

    /** A new record of a call node {@code nodeId} owns. */
    static void insert(Connection c, Row r, int nodeId) throws SQLException {
        WebhookTarget t = r.target();
        update(c, INSERT, r.callControlId(), r.callLegId(), r.callSessionId(), r.from(), r.to(), r.callerIdName(),
                r.state(), r.startTime(), r.clientState(), t == null ? null : t.url(), t == null ? null : t.method(),
                t == null ? null : t.failoverUrl(), nodeId);
    }

    /** The answer's effects: state, client_state, and where the call's webhooks go from now on. */
    static void answered(Connection c, Row r) throws SQLException {
        WebhookTarget t = r.target();
        update(c, ANSWER, stateWord(CallState.ANSWERED), r.clientState(), t == null ? null : t.url(),
                t == null ? null : t.method(), t == null ? null : t.failoverUrl(), r.routes().toJson(),
                r.callControlId());
    }

    static void clientState(Connection c, String callControlId, String clientState) throws SQLException {
        update(c, "UPDATE call_record SET client_state = ? WHERE call_control_id = ?", clientState, callControlId);
    }

    static void ended(Connection c, String callControlId, Instant at) throws SQLException {
        update(c, "UPDATE call_record SET state = ?, ended_at = ? WHERE call_control_id = ? AND ended_at IS NULL",
                stateWord(CallState.ENDED), at.toEpochMilli(), callControlId);
    }

    /** Records of a single server's (node 0's) calls not ended, oldest first. */
    static List<Row> open(Connection c) throws SQLException {
        return open(c, 0);
    }

    /** Records of node {@code nodeId}'s calls not ended, oldest first. */
    static List<Row> open(Connection c, int nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_OPEN)) {
            ps.setInt(1, nodeId);
            return rows(ps);
        }
    }

    /** Gives node {@code to} the records of node {@code from}'s calls not ended; returns them, oldest first. */
    static List<Row> moveOpen(Connection c, int from, int to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MOVE_OPEN)) {
            ps.setInt(1, to);
            ps.setInt(2, from);
            List<Row> out = rows(ps);
            out.sort(Comparator.comparing(r -> Instant.parse(r.startTime())));
            return out;
        }
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String url = rs.getString(10);
                WebhookTarget target = url == null ? null
                        : new WebhookTarget(url, rs.getString(11), rs.getString(12));
                out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), target,
                        EventRoutes.fromJson(rs.getString(13))));
            }
        }
        return out;
    }

    /** Deletes records that ended before {@code before}; returns how many went. */
    static int purgeEnded(Connection c, Instant before) throws SQLException {
        return update(c, "DELETE FROM call_record WHERE ended_at < ?", before.toEpochMilli());
    }

    /** One statement with these parameters, in order (null is SQL NULL); returns the rows changed. */
    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        }
    }
}
