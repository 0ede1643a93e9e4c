package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.ai.assistants.AssistantCatalog;
import io.voicegather.server.ai.assistants.StoredAssistant;
import io.voicegather.server.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** /v2/ai/assistants over real HTTP, against a catalog in a real SQLite file. */
class AssistantsApiHttpTest {
    private static final String BASE = "/v2/ai/assistants";
    private static final String AUTH = "Bearer " + TestApi.KEY;

    @TempDir
    Path dataDir;
    private Database db;
    private TestApi api;

    @BeforeEach
    void start() throws Exception {
        db = Database.open(dataDir);
        StoredAssistant fromFile = new StoredAssistant("front-desk", Instant.EPOCH, true,
                AssistantDefinitionParser.read((ObjectNode) Json.MAPPER.readTree(
                        "{\"name\":\"Front desk\",\"instructions\":\"From the file.\"}")));
        AssistantCatalog catalog = AssistantCatalog.open(db, List.of(fromFile), AssistantDefinitionParser::read,
                Clock.systemUTC());
        api = new TestApi(catalog, "default-model");
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    private TestApi.Response send(String method, String path, String body) throws Exception {
        return api.send(method, path, body, AUTH);
    }

    @Test
    void createReadUpdateListDelete() throws Exception {
        TestApi.Response created = send("POST", BASE, """
                {"name":"Support","instructions":"You help {{customer}}.","greeting":"Hello!",
                 "dynamic_variables":{"customer":"Ada"},"description":"orders","id":"ignored",
                 "tools":[{"type":"hangup","hangup":{"description":"End the call."}}],
                 "voice_settings":{"voice":"Telnyx.KokoroTTS.af","voice_speed":1.1}}""");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        JsonNode a = created.body();
        String id = a.get("id").asText();
        assertThat(id).startsWith("assistant-").isNotEqualTo("ignored");
        assertThat(a.get("name").asText()).isEqualTo("Support");
        assertThat(a.get("model").asText()).as("the server's default model").isEqualTo("default-model");
        assertThat(Instant.parse(a.get("created_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(a.get("voice_settings").get("voice_speed").asDouble()).as("kept as sent").isEqualTo(1.1);
        assertThat(a.get("tools").get(0).get("type").asText()).isEqualTo("hangup");

        TestApi.Response read = send("GET", BASE + "/" + id, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(a);

        TestApi.Response updated = send("POST", BASE + "/" + id,
                "{\"instructions\":\"Be brief.\",\"model\":\"llama3.2\",\"greeting\":null}");
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.body().get("instructions").asText()).isEqualTo("Be brief.");
        assertThat(updated.body().get("model").asText()).isEqualTo("llama3.2");
        assertThat(updated.body().has("greeting")).as("null removes a field").isFalse();
        assertThat(updated.body().get("name").asText()).as("unsent fields stay").isEqualTo("Support");
        assertThat(updated.body().get("created_at")).isEqualTo(a.get("created_at"));

        TestApi.Response list = send("GET", BASE, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("data")).extracting(n -> n.get("id").asText())
                .containsExactly("front-desk", id);

        TestApi.Response deleted = send("DELETE", BASE + "/" + id + "/", null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo(Json.MAPPER.readTree(
                "{\"id\":\"" + id + "\",\"object\":\"assistant\",\"deleted\":true}"));
        TestApi.Response gone = send("GET", BASE + "/" + id, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.firstCode()).isEqualTo("10007");
    }

    @Test
    void invalidDefinitionsAreRefusedWithEveryError() throws Exception {
        TestApi.Response r = send("POST", BASE, "{\"greeting\":7,\"tools\":[{\"type\":\"teleport\"}],"
                + "\"voice_settings\":{}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors")).extracting(e -> e.get("source").get("pointer").asText())
                .contains("/name", "/instructions", "/greeting", "/tools/0/type", "/voice_settings/voice");
        assertThat(send("GET", BASE, null).body().get("data")).as("nothing was stored").hasSize(1);

        String id = send("POST", BASE, "{\"name\":\"a\",\"instructions\":\"b\"}").body().get("id").asText();
        TestApi.Response badUpdate = send("POST", BASE + "/" + id, "{\"instructions\":null}");
        assertThat(badUpdate.status()).isEqualTo(422);
        assertThat(badUpdate.firstPointer()).isEqualTo("/instructions");
        assertThat(send("GET", BASE + "/" + id, null).body().get("instructions").asText())
                .as("a refused update changes nothing").isEqualTo("b");

        TestApi.Response notJson = send("POST", BASE, "{");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.firstCode()).isEqualTo("10028");
    }

    @Test
    void fileAssistantsAreReadOnly() throws Exception {
        assertThat(send("GET", BASE + "/front-desk", null).body().get("instructions").asText())
                .isEqualTo("From the file.");
        for (TestApi.Response r : List.of(send("POST", BASE + "/front-desk", "{\"name\":\"x\"}"),
                send("DELETE", BASE + "/front-desk", null))) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.firstCode()).isEqualTo("10403");
            assertThat(r.body().get("errors").get(0).get("detail").asText()).contains("assistants file");
        }
    }

    @Test
    void routesMethodsAndAuthAnswerLikeTheRestOfTheApi() throws Exception {
        TestApi.Response noKey = api.send("GET", BASE, (String) null, null);
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.http().headers().firstValue("WWW-Authenticate")).contains("Bearer");

        TestApi.Response put = send("PUT", BASE, "{}");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.http().headers().firstValue("Allow")).contains("GET, POST");
        TestApi.Response patch = send("PATCH", BASE + "/front-desk", "{}");
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.http().headers().firstValue("Allow")).contains("GET, POST, DELETE");

        for (String path : List.of(BASE + "x", BASE + "/a/b", BASE + "//", BASE + "/nope")) {
            TestApi.Response r = send("GET", path, null);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.firstCode()).as(path).isEqualTo("10007");
            assertThat(r.contentType()).as(path).isEqualTo("application/json");
        }
    }

    @Test
    void aCreateRepeatedWithItsIdempotencyKeyStoresNothingNew() throws Exception {
        String body = "{\"name\":\"Retry\",\"instructions\":\"x\"}";
        java.util.function.Function<String, java.net.http.HttpRequest.Builder> create = key ->
                java.net.http.HttpRequest.newBuilder(api.uri(BASE)).header("Authorization", AUTH)
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        java.net.http.HttpResponse.BodyHandler<String> text = java.net.http.HttpResponse.BodyHandlers.ofString();
        JsonNode first = Json.MAPPER.readTree(api.client.send(create.apply("k-1").build(), text).body());
        JsonNode again = Json.MAPPER.readTree(api.client.send(create.apply("k-1").build(), text).body());
        JsonNode other = Json.MAPPER.readTree(api.client.send(create.apply("k-2").build(), text).body());
        assertThat(again).as("the first create's answer").isEqualTo(first);
        assertThat(other.get("id")).isNotEqualTo(first.get("id"));
        assertThat(send("GET", BASE, null).body().get("data")).hasSize(3); // the file's, k-1's, k-2's

        send("DELETE", BASE + "/" + first.get("id").asText(), null);
        JsonNode afterDelete = Json.MAPPER.readTree(api.client.send(create.apply("k-1").build(), text).body());
        assertThat(afterDelete.get("id")).as("the key's assistant is gone: a new one").isNotEqualTo(first.get("id"));

        java.net.http.HttpResponse<String> tooLong = api.client.send(create.apply("k".repeat(256)).build(), text);
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(tooLong.body()).contains("Idempotency-Key");
    }
}
