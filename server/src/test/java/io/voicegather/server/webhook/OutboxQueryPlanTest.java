package io.voicegather.server.webhook;

import io.voicegather.server.store.Database;
import io.voicegather.server.store.SqliteDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each query the outbox runs while calls flow is answered from an index, never by reading the whole table: the
 * partial indexes of V10 hold only the rows their queries ask for, and a query must say so in its WHERE clause for
 * SQLite to use them. A change to the indexes or to a query's conditions that loses this shows here.
 */
class OutboxQueryPlanTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // query            | the index its plan must use
            "SELECT_KEY_WINDOW  | USING INDEX webhook_outbox_pending_by_key",
            "SELECT_BACKLOGS    | USING COVERING INDEX webhook_outbox_pending_by_key",
            "SELECT_BY_EVENT_ID | USING INDEX sqlite_autoindex_webhook_outbox",
            "PURGE              | USING INDEX webhook_outbox_finished",
    })
    void theQueryIsAnsweredFromItsIndex(String query, String index) throws Exception {
        String sql = (String) OutboxTable.class.getDeclaredField(query).get(null);
        List<String> plan = new ArrayList<>();
        try (SqliteDatabase db = Database.open(dir)) {
            db.withConnection(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + sql.replace("?", "1"))) {
                    while (rs.next()) {
                        plan.add(rs.getString("detail"));
                    }
                }
                return null;
            });
        }
        assertThat(String.join("\n", plan)).as(sql).contains(index).doesNotContain("SCAN webhook_outbox\n")
                .doesNotEndWith("SCAN webhook_outbox");
    }
}
