package io.voicegather.server.ai.assistants;

import io.voicegather.server.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The {@code ai_assistant} table: one row per assistant created through the API, its definition as JSON text. */
final class AssistantTable {
    /** One row as stored. */
    record Row(String id, String definitionJson, long createdAtMillis, String idempotencyKey) {
    }

    private final Database db;

    AssistantTable(Database db) {
        this.db = db;
    }

    /**
     * @param idempotencyKey the create request's Idempotency-Key, or null
     * @return false when a row with this Idempotency-Key exists already (created by another node of a cluster)
     */
    boolean insert(String id, String definitionJson, long nowMillis, String idempotencyKey) {
        return db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ai_assistant"
                    + " (assistant_id, definition, created_at, updated_at, idempotency_key) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (idempotency_key) DO NOTHING")) {
                s.setString(1, id);
                s.setString(2, definitionJson);
                s.setLong(3, nowMillis);
                s.setLong(4, nowMillis);
                s.setString(5, idempotencyKey);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** @return false when no row has this id */
    boolean update(String id, String definitionJson, long nowMillis) {
        return db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE ai_assistant SET definition = ?, updated_at = ? WHERE assistant_id = ?")) {
                s.setString(1, definitionJson);
                s.setLong(2, nowMillis);
                s.setString(3, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** @return false when no row has this id */
    boolean delete(String id) {
        return db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM ai_assistant WHERE assistant_id = ?")) {
                s.setString(1, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Every row, oldest first. */
    List<Row> all() {
        return db.withConnection(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT assistant_id, definition, created_at, idempotency_key FROM ai_assistant"
                            + " ORDER BY created_at, assistant_id");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(r.getString(1), r.getString(2), r.getLong(3), r.getString(4)));
                }
            }
            return rows;
        });
    }
}
