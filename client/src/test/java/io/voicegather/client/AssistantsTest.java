package io.voicegather.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import io.voicegather.client.errors.ErrorDetail;
import io.voicegather.client.errors.NotFoundException;
import io.voicegather.client.errors.PermissionDeniedException;
import io.voicegather.client.errors.UnprocessableEntityException;
import io.voicegather.client.models.ai.assistants.AssistantCreateParams;
import io.voicegather.client.models.ai.assistants.AssistantDeleteParams;
import io.voicegather.client.models.ai.assistants.AssistantDeleteResponse;
import io.voicegather.client.models.ai.assistants.AssistantRetrieveParams;
import io.voicegather.client.models.ai.assistants.AssistantUpdateParams;
import io.voicegather.client.models.ai.assistants.InferenceEmbedding;
import io.voicegather.client.models.ai.assistants.InferenceEmbeddingInterruptionSettings;
import io.voicegather.client.models.ai.assistants.TranscriptionSettings;
import io.voicegather.client.models.ai.assistants.VoiceSettings;
import io.voicegather.client.services.blocking.ai.AssistantService;
import io.voicegather.server.VoicegatherServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * {@code client.ai().assistants()} against the real server, which also reads an assistants file (its assistants
 * are read-only through the API).
 */
class AssistantsTest {
    private static final String DEFAULT_MODEL = "test-default-model";

    @TempDir
    static Path dataDir;
    private static VoicegatherServer server;
    private static VoicegatherClient client;

    @BeforeAll
    static void start() throws Exception {
        Path file = dataDir.resolve("assistants.json");
        Files.writeString(file, """
                {"assistants": [{"id": "front-desk", "name": "Front desk",
                                 "instructions": "You answer questions about opening hours."}]}""");
        server = RealServer.start(dataDir.resolve("data"), "--assistants-file", file.toString(),
                "--llm-model", DEFAULT_MODEL);
        client = RealServer.client(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static AssistantService assistants() {
        return client.ai().assistants();
    }

    @Test
    void createRetrieveUpdateListDelete() {
        OffsetDateTime before = OffsetDateTime.now().minusMinutes(5);
        InferenceEmbedding created = assistants().create(AssistantCreateParams.builder()
                .name("Support")
                .instructions("You help {{customer}} with orders.")
                .greeting("Hello, this is support.")
                .description("orders desk")
                .dynamicVariables(Map.of("customer", "Ada"))
                .tools(List.of(Map.of("type", "hangup", "hangup", Map.of("description", "End the call."))))
                .voiceSettings(VoiceSettings.builder().voice("Telnyx.KokoroTTS.af").voiceSpeed(1.1)
                        .putAdditionalProperty("similarity_boost", 0.5).build())
                .interruptionSettings(InferenceEmbeddingInterruptionSettings.of(false))
                .transcription(TranscriptionSettings.builder().language("en").model("deepgram/nova-3").build())
                .tags(List.of("orders"))
                .putAdditionalBodyProperty("telephony_settings", Map.of("supports_unauthenticated_web_calls", true))
                .build());

        assertThat(created.id()).startsWith("assistant-");
        assertThat(created.name()).isEqualTo("Support");
        assertThat(created.instructions()).isEqualTo("You help {{customer}} with orders.");
        assertThat(created.model()).as("the server's default model").isEqualTo(DEFAULT_MODEL);
        assertThat(created.createdAt()).isAfter(before).isBefore(OffsetDateTime.now().plusMinutes(5));
        assertThat(created.greeting()).contains("Hello, this is support.");
        assertThat(created.description()).contains("orders desk");
        assertThat(created.dynamicVariables()).contains(Map.of("customer", "Ada"));
        assertThat(created.tools().orElseThrow()).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("type", "hangup"));
        VoiceSettings voice = created.voiceSettings().orElseThrow();
        assertThat(voice.voice()).isEqualTo("Telnyx.KokoroTTS.af");
        assertThat(voice.voiceSpeed()).contains(1.1);
        assertThat(voice.additionalProperties()).containsOnlyKeys("similarity_boost");
        assertThat(created.interruptionSettings().orElseThrow().enable()).contains(false);
        assertThat(created.transcription().orElseThrow().language()).contains("en");
        assertThat(created.tags()).contains(List.of("orders"));
        assertThat(created.additionalProperties()).as("a field without an accessor survives")
                .containsOnlyKeys("telephony_settings");
        assertThat(created.additionalProperties().get("telephony_settings")
                .get("supports_unauthenticated_web_calls").asBoolean()).isTrue();

        String id = created.id();
        assertThat(assistants().retrieve(id)).isEqualTo(created);
        assertThat(assistants().retrieve(AssistantRetrieveParams.builder().assistantId(id).build()))
                .isEqualTo(created);

        InferenceEmbedding updated = assistants().update(id, AssistantUpdateParams.builder()
                .instructions("Be brief.").model("llama3.2").removeStoredField("greeting").build());
        assertThat(updated.id()).isEqualTo(id);
        assertThat(updated.instructions()).isEqualTo("Be brief.");
        assertThat(updated.model()).isEqualTo("llama3.2");
        assertThat(updated.greeting()).as("removed").isEmpty();
        assertThat(updated.name()).as("not sent, so kept").isEqualTo("Support");
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.additionalProperties()).containsOnlyKeys("telephony_settings");

        InferenceEmbedding renamed = assistants().update(AssistantUpdateParams.builder().assistantId(id)
                .name("Orders").build());
        assertThat(renamed.name()).isEqualTo("Orders");
        assertThat(renamed.instructions()).isEqualTo("Be brief.");

        assertThat(assistants().list().data()).extracting(InferenceEmbedding::id)
                .as("the file's first, then the created ones").containsSubsequence("front-desk", id);
        assertThat(assistants().list().data()).filteredOn(a -> a.id().equals(id)).singleElement()
                .isEqualTo(renamed);

        AssistantDeleteResponse deleted = assistants().delete(id);
        assertThat(deleted.id()).isEqualTo(id);
        assertThat(deleted.modelObject()).isEqualTo("assistant");
        assertThat(deleted.deleted()).isTrue();

        NotFoundException gone = catchThrowableOfType(NotFoundException.class, () -> assistants().retrieve(id));
        assertThat(gone).as("retrieve after delete").isNotNull();
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.code()).isEqualTo("10007");
        assertThat(assistants().list().data()).extracting(InferenceEmbedding::id).doesNotContain(id);
        assertThatThrownBy(() -> assistants().delete(AssistantDeleteParams.builder().assistantId(id).build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void theAsyncClientDoesTheSame() throws Exception {
        var async = client.async().ai().assistants();
        InferenceEmbedding created = async.create(AssistantCreateParams.builder().name("Async")
                .instructions("Answer briefly.").model("m1").build()).get(30, TimeUnit.SECONDS);
        assertThat(created.model()).isEqualTo("m1");
        assertThat(async.retrieve(created.id()).get(30, TimeUnit.SECONDS)).isEqualTo(created);
        assertThat(async.update(created.id(), AssistantUpdateParams.builder().greeting("Hi.").build())
                .get(30, TimeUnit.SECONDS).greeting()).contains("Hi.");
        assertThat(async.list().get(30, TimeUnit.SECONDS).data()).extracting(InferenceEmbedding::id)
                .contains(created.id());
        assertThat(async.delete(created.id()).get(30, TimeUnit.SECONDS).deleted()).isTrue();
        assertThat(async.retrieve(created.id())).failsWithin(Duration.ofSeconds(30))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(NotFoundException.class);
    }

    @Test
    void fileAssistantsAreReadableButReadOnly() {
        InferenceEmbedding desk = assistants().retrieve("front-desk");
        assertThat(desk.name()).isEqualTo("Front desk");
        assertThat(desk.instructions()).isEqualTo("You answer questions about opening hours.");
        assertThat(desk.model()).isEqualTo(DEFAULT_MODEL);

        PermissionDeniedException update = catchThrowableOfType(PermissionDeniedException.class,
                () -> assistants().update("front-desk", AssistantUpdateParams.builder().name("x").build()));
        assertThat(update).as("update of a file assistant").isNotNull();
        assertThat(update.statusCode()).isEqualTo(403);
        assertThat(update.code()).isEqualTo("10403");
        assertThat(update.errors().get(0).detail()).contains("assistants file");

        PermissionDeniedException delete = catchThrowableOfType(PermissionDeniedException.class,
                () -> assistants().delete("front-desk"));
        assertThat(delete).as("delete of a file assistant").isNotNull();
        assertThat(delete.code()).isEqualTo("10403");
        assertThat(assistants().retrieve("front-desk")).as("unchanged").isEqualTo(desk);
    }

    @Test
    void unknownIdsAnswerNotFound() {
        for (String id : List.of("assistant-00000000-0000-0000-0000-000000000000", "a/b", "a b:c")) {
            NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> assistants().retrieve(id));
            assertThat(e).as(id).isNotNull();
            assertThat(e.code()).as(id).isEqualTo("10007");
            assertThat(e.errors().get(0).detail()).as("the id reached the server whole").contains(id);
        }
        assertThatThrownBy(() -> assistants().update("nope", AssistantUpdateParams.none()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> assistants().retrieve("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidDefinitionsAnswer422WithPointers() {
        UnprocessableEntityException bad = catchThrowableOfType(UnprocessableEntityException.class,
                () -> assistants().create(AssistantCreateParams.builder().name("Bad").instructions("x")
                        .putAdditionalBodyProperty("greeting", 7)
                        .putAdditionalBodyProperty("voice_settings", Map.of("voice_speed", 1.0))
                        .tools(List.of(Map.of("type", "teleport")))
                        .build()));
        assertThat(bad).as("invalid create").isNotNull();
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.errors()).extracting(ErrorDetail::pointer)
                .contains("/greeting", "/voice_settings/voice", "/tools/0/type");
        assertThat(assistants().list().data()).extracting(InferenceEmbedding::name).doesNotContain("Bad");

        String id = assistants().create(AssistantCreateParams.builder().name("Keep").instructions("b").build()).id();
        UnprocessableEntityException removal = catchThrowableOfType(UnprocessableEntityException.class,
                () -> assistants().update(id, AssistantUpdateParams.builder().removeStoredField("instructions")
                        .build()));
        assertThat(removal).as("removing a required field").isNotNull();
        assertThat(removal.errors()).extracting(ErrorDetail::pointer).containsExactly("/instructions");
        assertThat(assistants().retrieve(id).instructions()).as("a refused update changes nothing").isEqualTo("b");
        assistants().delete(id);
    }

    @Test
    void paramsSendExactlyWhatWasSet() throws Exception {
        assertThatThrownBy(() -> AssistantCreateParams.builder().name("n").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("instructions");
        assertThatThrownBy(() -> AssistantCreateParams.builder().instructions("i").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> VoiceSettings.builder().voiceSpeed(1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("voice");

        AssistantCreateParams create = AssistantCreateParams.builder().name("n").instructions("i")
                .greeting("g").greeting(null).model("m").build();
        assertThat(Json.MAPPER.readTree(create.toJson()))
                .isEqualTo(Json.MAPPER.readTree("{\"name\":\"n\",\"instructions\":\"i\",\"model\":\"m\"}"));
        assertThat(create.toBuilder().model(null).build().toJson())
                .isEqualTo("{\"name\":\"n\",\"instructions\":\"i\"}");

        AssistantUpdateParams update = AssistantUpdateParams.builder().assistantId("a-1")
                .removeStoredField("greeting").voiceSettings(VoiceSettings.of("female")).build();
        JsonNode body = Json.MAPPER.readTree(update.toJson());
        assertThat(body.get("greeting").isNull()).as("an explicit null").isTrue();
        assertThat(body.get("voice_settings").get("voice").asText()).isEqualTo("female");
        assertThat(update.removedFields()).containsExactly("greeting");
        assertThat(update.greeting()).as("a removal is not a value").isEmpty();
        assertThat(update.additionalBodyProperties()).isEmpty();
        assertThat(update.voiceSettings()).contains(VoiceSettings.of("female"));
        assertThat(update.toBuilder().build()).isEqualTo(update);
        assertThat(AssistantUpdateParams.none().toJson()).isEqualTo("{}");
        assertThat(tuple(update.assistantId().orElseThrow(), update.name().isEmpty()))
                .isEqualTo(tuple("a-1", true));
    }

    /**
     * A proxy passes the first create to the server, then drops the connection instead of answering: the client
     * retries with the same Idempotency-Key, and the server answers the stored assistant instead of storing another.
     */
    @Test
    void aCreateRetriedAfterALostAnswerIsStoredOnce() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/v2/ai/assistants", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            keys.add(String.valueOf(key));
            java.net.http.HttpRequest.Builder forward = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + server.httpPort() + exchange.getRequestURI()))
                    .header("Authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                            exchange.getRequestBody().readAllBytes()));
            if (key != null) {
                forward.header("Idempotency-Key", key);
            }
            try {
                java.net.http.HttpResponse<byte[]> answer = http.send(forward.build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                if (attempts.incrementAndGet() == 1) {
                    exchange.close(); // the answer is lost on the way back
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        proxy.start();
        try {
            VoicegatherClient throughProxy = VoicegatherClient.builder().apiKey(RealServer.API_KEY)
                    .baseUrl("http://127.0.0.1:" + proxy.getAddress().getPort() + "/v2")
                    .timeout(Duration.ofSeconds(20)).maxRetries(2).build();
            InferenceEmbedding created = throughProxy.ai().assistants().create(AssistantCreateParams.builder()
                    .name("Lost answer").instructions("Be brief.").build());

            assertThat(attempts.get()).as("the first answer was lost, so the client retried").isEqualTo(2);
            assertThat(keys).hasSize(2).doesNotContain("null");
            assertThat(keys.get(1)).as("the same key on the retry").isEqualTo(keys.get(0));
            assertThat(assistants().list().data()).filteredOn(a -> a.name().equals("Lost answer"))
                    .extracting(InferenceEmbedding::id).containsExactly(created.id());
            assistants().delete(created.id());
        } finally {
            proxy.stop(0);
        }
    }
}
