package io.voicegather.server.ai.assistants;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.http.AssistantDefinitionParser;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The catalog over a real database, SQLite and PostgreSQL: what is created survives a restart; file assistants
 * cannot be changed.
 */
@ParameterizedClass
@EnumSource(TestBackend.class)
class AssistantCatalogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    @Parameter
    TestBackend backend;

    @TempDir
    Path dataDir;

    private static AssistantDefinition definition(String json) throws Exception {
        return AssistantDefinitionParser.read((ObjectNode) Json.MAPPER.readTree(json));
    }

    private AssistantCatalog open(Database db, List<StoredAssistant> file) {
        return AssistantCatalog.open(db, file, AssistantDefinitionParser::read, CLOCK);
    }

    @Test
    void createdAssistantsAreFoundListedAndSurviveAReopen() throws Exception {
        String id;
        try (Database db = backend.open(dataDir)) {
            AssistantCatalog catalog = open(db, List.of());
            StoredAssistant a = catalog.create(definition("""
                    {"name":"Front desk","instructions":"Greet {{caller}}.","model":"llama3.2",
                     "greeting":"Hello!","dynamic_variables":{"caller":"friend"},"tags":["x"],
                     "voice_settings":{"voice":"Telnyx.KokoroTTS.af"},"interruption_settings":{"enable":false},
                     "transcription":{"language":"fr"}}"""));
            id = a.id();
            assertThat(id).startsWith(AssistantCatalog.ID_PREFIX);
            assertThat(a.createdAt()).isEqualTo(CLOCK.instant());
            assertThat(catalog.find(id)).contains(a);
            assertThat(catalog.list()).containsExactly(a);
        }
        try (Database db = backend.open(dataDir)) {
            StoredAssistant again = open(db, List.of()).find(id).orElseThrow();
            AssistantDefinition d = again.definition();
            assertThat(d.assistant().instructions()).isEqualTo("Greet {{caller}}.");
            assertThat(d.assistant().model()).isEqualTo("llama3.2");
            assertThat(d.assistant().greeting()).isEqualTo("Hello!");
            assertThat(d.assistant().dynamicVariables().get("caller").asText()).isEqualTo("friend");
            assertThat(d.voice()).isEqualTo("Telnyx.KokoroTTS.af");
            assertThat(d.interruptionEnabled()).isFalse();
            assertThat(d.transcriptionLanguage()).isEqualTo("fr");
            assertThat(d.json().get("tags").get(0).asText()).as("unused fields are kept").isEqualTo("x");
            assertThat(again.createdAt()).isEqualTo(CLOCK.instant());
        }
    }

    @Test
    void updateReplacesTheDefinitionAndDeleteRemovesIt() throws Exception {
        try (Database db = backend.open(dataDir)) {
            AssistantCatalog catalog = open(db, List.of());
            String id = catalog.create(definition("{\"name\":\"a\",\"instructions\":\"one\"}")).id();
            catalog.update(id, definition("{\"name\":\"a\",\"instructions\":\"two\"}"));
            assertThat(catalog.find(id).orElseThrow().definition().assistant().instructions()).isEqualTo("two");
            assertThat(open(db, List.of()).find(id).orElseThrow().definition().assistant().instructions())
                    .as("written to the database").isEqualTo("two");

            catalog.delete(id);
            assertThat(catalog.find(id)).isEmpty();
            assertThat(open(db, List.of()).find(id)).isEmpty();
            assertThatThrownBy(() -> catalog.delete(id)).isInstanceOf(AssistantCatalogException.class)
                    .extracting(e -> ((AssistantCatalogException) e).reason())
                    .isEqualTo(AssistantCatalogException.Reason.NOT_FOUND);
        }
    }

    @Test
    void fileAssistantsComeFirstAndCannotBeChanged() throws Exception {
        StoredAssistant fromFile = new StoredAssistant("front-desk", Instant.EPOCH, true,
                definition("{\"name\":\"f\",\"instructions\":\"from the file\"}"));
        try (Database db = backend.open(dataDir)) {
            AssistantCatalog catalog = open(db, List.of(fromFile));
            StoredAssistant mine = catalog.create(definition("{\"name\":\"m\",\"instructions\":\"mine\"}"));
            assertThat(catalog.list()).containsExactly(fromFile, mine);
            assertThat(catalog.find("front-desk")).contains(fromFile);
            for (Runnable change : List.<Runnable>of(
                    () -> catalog.update("front-desk", mine.definition()), () -> catalog.delete("front-desk"))) {
                assertThatThrownBy(change::run).isInstanceOf(AssistantCatalogException.class)
                        .extracting(e -> ((AssistantCatalogException) e).reason())
                        .isEqualTo(AssistantCatalogException.Reason.READ_ONLY);
            }
            assertThat(catalog.find("front-desk")).contains(fromFile);
        }
    }

    @Test
    void aStoredRowThatNoLongerReadsIsSkippedNotFatal() throws Exception {
        try (Database db = backend.open(dataDir)) {
            String good = open(db, List.of()).create(definition("{\"name\":\"g\",\"instructions\":\"ok\"}")).id();
            db.withConnection(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO ai_assistant"
                        + " (assistant_id, definition, created_at, updated_at) VALUES (?, ?, 0, 0)")) {
                    s.setString(1, "assistant-broken");
                    s.setString(2, "{\"name\":\"b\"}"); // no instructions: refused by the reader
                    return s.executeUpdate();
                }
            });
            AssistantCatalog reopened = open(db, List.of());
            assertThat(reopened.find("assistant-broken")).isEmpty();
            assertThat(reopened.find(good)).isPresent();
        }
    }

    @Test
    void theIdempotencyKeyOfACreateIsKeptAcrossARestart() throws Exception {
        String id;
        try (Database db = backend.open(dataDir)) {
            id = open(db, List.of()).create(definition("{\"name\":\"a\",\"instructions\":\"b\"}"), "key-1").id();
        }
        try (Database db = backend.open(dataDir)) {
            AssistantCatalog reopened = open(db, List.of());
            assertThat(reopened.create(definition("{\"name\":\"a\",\"instructions\":\"b\"}"), "key-1").id())
                    .isEqualTo(id);
            assertThat(reopened.list()).hasSize(1);
        }
    }

    /** Two nodes on one database: each sees the other's creates, changes and deletes at its next refresh. */
    @Test
    void anotherNodesChangesAreSeenAtTheNextRefresh() throws Exception {
        try (Database db = backend.open(dataDir)) {
            AssistantCatalog nodeA = open(db, List.of());
            AssistantCatalog nodeB = open(db, List.of());
            StoredAssistant a = nodeA.create(definition("{\"name\":\"a\",\"instructions\":\"first\"}"));
            assertThat(nodeB.find(a.id())).as("not yet").isEmpty();
            nodeB.refresh();
            assertThat(nodeB.find(a.id())).contains(a);

            nodeA.update(a.id(), definition("{\"name\":\"a\",\"instructions\":\"second\"}"));
            nodeB.refresh();
            assertThat(nodeB.find(a.id()).orElseThrow().definition().assistant().instructions()).isEqualTo("second");

            StoredAssistant b = nodeB.create(definition("{\"name\":\"b\",\"instructions\":\"mine\"}"));
            nodeA.delete(a.id());
            nodeB.refresh();
            assertThat(nodeB.find(a.id())).isEmpty();
            assertThat(nodeB.list()).as("its own create survives its refresh").containsExactly(b);
        }
    }

    /** A client retries a create on another node before that node refreshed: the first create is the answer. */
    @Test
    void aCreateRetriedOnAnotherNodeAnswersTheFirst() throws Exception {
        try (Database db = backend.open(dataDir)) {
            AssistantCatalog nodeA = open(db, List.of());
            AssistantCatalog nodeB = open(db, List.of());
            StoredAssistant first = nodeA.create(definition("{\"name\":\"a\",\"instructions\":\"b\"}"), "key-9");
            StoredAssistant retried = nodeB.create(definition("{\"name\":\"a\",\"instructions\":\"b\"}"), "key-9");
            assertThat(retried.id()).isEqualTo(first.id());
            assertThat(nodeB.list()).hasSize(1);
        }
    }

    @Test
    void startRefreshingPicksUpAnotherNodesCreate() throws Exception {
        try (Database db = backend.open(dataDir)) {
            AssistantCatalog nodeA = open(db, List.of());
            try (AssistantCatalog nodeB = open(db, List.of())) {
                nodeB.startRefreshing(Duration.ofMillis(50));
                String id = nodeA.create(definition("{\"name\":\"a\",\"instructions\":\"b\"}")).id();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> nodeB.find(id).isPresent());
            }
        }
    }
}
