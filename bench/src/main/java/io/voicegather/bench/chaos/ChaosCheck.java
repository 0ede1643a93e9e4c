package io.voicegather.bench.chaos;

import io.voicegather.server.store.SqliteDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The verdict of a chaos run: the server's outbox (every committed event, with its seq and its call, kept after
 * delivery for an hour by default) against the {@link DeliveryLog} of what the application received.
 * <ul>
 * <li>lost: committed events never received;</li>
 * <li>gaps: calls with an event received while an earlier committed event of the same call never arrived;</li>
 * <li>duplicates: deliveries beyond the first of an event (allowed: delivery is at least once).</li>
 * </ul>
 * <pre>
 * ChaosCheck DATA_DIR DELIVERIES_LOG   → report; last line "events: N  lost: L  gaps: G  duplicates: D";
 *                                        exit 0 only when lost and gaps are 0
 * ChaosCheck --pending DATA_DIR        → the number of events not yet delivered nor given up
 * ChaosCheck --committed DATA_DIR      → the number of events committed so far
 * </pre>
 */
public final class ChaosCheck {
    private ChaosCheck() {
    }

    /** One committed event. */
    private record Row(long seq, String eventId, String callKey, String state) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--pending")) {
            System.out.println(count(Path.of(args[1]), "SELECT COUNT(*) FROM webhook_outbox WHERE state = 'pending'"));
            return;
        }
        if (args.length == 2 && args[0].equals("--committed")) {
            System.out.println(count(Path.of(args[1]), "SELECT COUNT(*) FROM webhook_outbox"));
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: ChaosCheck DATA_DIR DELIVERIES_LOG | ChaosCheck --pending|--committed DATA_DIR");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        List<Row> rows = outbox(data);
        List<DeliveryLog.Line> received = DeliveryLog.read(Path.of(args[1]));

        Map<String, Integer> timesReceived = new HashMap<>();
        Map<String, Integer> firstArrival = new HashMap<>();
        for (int i = 0; i < received.size(); i++) {
            String id = received.get(i).eventId();
            timesReceived.merge(id, 1, Integer::sum);
            firstArrival.putIfAbsent(id, i);
        }
        Map<String, List<Row>> byCall = new LinkedHashMap<>();
        Map<String, Integer> byState = new TreeMap<>();
        for (Row r : rows) {
            byCall.computeIfAbsent(r.callKey(), k -> new ArrayList<>()).add(r);
            byState.merge(r.state(), 1, Integer::sum);
        }
        long lost = 0;
        long gaps = 0;
        long outOfOrder = 0;
        for (List<Row> call : byCall.values()) {
            boolean missingBefore = false;
            boolean gap = false;
            int lastArrival = -1;
            boolean ordered = true;
            for (Row r : call) {
                Integer arrival = firstArrival.get(r.eventId());
                if (arrival == null) {
                    lost++;
                    missingBefore = true;
                    continue;
                }
                gap |= missingBefore;
                ordered &= arrival > lastArrival;
                lastArrival = arrival;
            }
            gaps += gap ? 1 : 0;
            outOfOrder += ordered ? 0 : 1;
        }
        long duplicates = timesReceived.values().stream().mapToLong(n -> n - 1).sum();
        Set<String> committed = rows.stream().map(Row::eventId).collect(Collectors.toSet());
        long unknown = timesReceived.keySet().stream().filter(id -> !committed.contains(id)).count();
        long cutOff = count(data, "SELECT COUNT(*) FROM webhook_outbox WHERE data_json LIKE"
                + " '%\"event_type\":\"call.hangup\"%' AND data_json LIKE '%\"hangup_cause\":\"unspecified\"%'");

        System.out.println("calls: " + byCall.size() + "  (hung up at restart after being cut off: " + cutOff + ")");
        System.out.println("outbox rows by state: " + byState);
        System.out.println("deliveries received: " + received.size() + "  not in the outbox: " + unknown
                + "  calls received out of order: " + outOfOrder);
        System.out.println("events: " + rows.size() + "  lost: " + lost + "  gaps: " + gaps + "  duplicates: "
                + duplicates);
        System.exit(lost == 0 && gaps == 0 ? 0 : 1);
    }

    private static List<Row> outbox(Path dataDir) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = open(dataDir); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, event_id, ordering_key, state FROM webhook_outbox ORDER BY seq")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return rows;
    }

    private static long count(Path dataDir, String sql) throws SQLException {
        try (Connection c = open(dataDir); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Connection open(Path dataDir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE_NAME).toAbsolutePath());
    }
}
