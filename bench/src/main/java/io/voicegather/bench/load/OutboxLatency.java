package io.voicegather.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Webhook delivery latency of a load run, read from the server's outbox after the run: for each event type, the time
 * from the event being recorded (created_at) to its delivery being recorded (finished_at), as percentiles. This is
 * the server's queueing plus the app's response time; it is what delays the app's answer and gather commands.
 *
 * <pre>OutboxLatency DATA_DIR   → one line per event type</pre>
 */
public final class OutboxLatency {
    private OutboxLatency() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: OutboxLatency DATA_DIR");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Long>> byType = new TreeMap<>();
        long notDelivered = 0;
        String url = "jdbc:sqlite:" + Path.of(args[0]).resolve("voicegather.db").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT data_json, created_at, finished_at, state FROM webhook_outbox")) {
            while (rs.next()) {
                if (!"delivered".equals(rs.getString("state"))) {
                    notDelivered++;
                    continue;
                }
                String type = json.readTree(rs.getString("data_json")).path("event_type").asText("?");
                byType.computeIfAbsent(type, k -> new ArrayList<>())
                        .add(rs.getLong("finished_at") - rs.getLong("created_at"));
            }
        }
        for (Map.Entry<String, List<Long>> e : byType.entrySet()) {
            List<Long> v = e.getValue();
            Collections.sort(v);
            System.out.printf("  %-20s n=%-6d p50=%d ms  p90=%d ms  p99=%d ms  max=%d ms%n", e.getKey(), v.size(),
                    at(v, 0.50), at(v, 0.90), at(v, 0.99), v.get(v.size() - 1));
        }
        System.out.println("  not delivered (pending or failed): " + notDelivered);
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size())));
    }
}
