package io.voicegather.client;

import io.voicegather.client.errors.ErrorDetail;
import io.voicegather.client.errors.NotFoundException;
import io.voicegather.client.errors.UnauthorizedException;
import io.voicegather.client.errors.UnprocessableEntityException;
import io.voicegather.client.errors.VoicegatherIoException;
import io.voicegather.client.errors.VoicegatherServiceException;
import io.voicegather.client.models.calls.actions.ActionAddAiAssistantMessagesParams;
import io.voicegather.client.models.calls.actions.ActionAnswerParams;
import io.voicegather.client.models.calls.actions.ActionGatherParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAiParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAudioParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingSpeakParams;
import io.voicegather.client.models.calls.actions.ActionHangupParams;
import io.voicegather.client.models.calls.actions.ActionSendDtmfParams;
import io.voicegather.client.models.calls.actions.ActionSpeakParams;
import io.voicegather.client.models.calls.actions.ActionStartAiAssistantParams;
import io.voicegather.client.models.calls.actions.ActionStartPlaybackParams;
import io.voicegather.client.models.calls.actions.ActionStopAiAssistantParams;
import io.voicegather.client.models.calls.actions.ActionStopGatherParams;
import io.voicegather.client.models.calls.actions.ActionStopPlaybackParams;
import io.voicegather.client.models.calls.actions.ActionUpdateClientStateParams;
import io.voicegather.client.models.calls.actions.AiAssistantMessage;
import io.voicegather.client.models.calls.actions.CallAssistantRequest;
import io.voicegather.client.services.async.ActionServiceAsync;
import io.voicegather.client.services.blocking.ActionService;
import io.voicegather.server.VoicegatherServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every command against the real server. No call exists, so a command the server implements answers 422 90015
 * for the unknown id, which proves the method, path, encoding, auth and body were all accepted up to the call
 * lookup. The AI commands, not implemented yet, answer 404 10007; those assertions change when they are.
 */
class ServerActionsTest {
    private static final String UNKNOWN = "v3:no-such-call";

    @TempDir
    static Path dataDir;
    private static VoicegatherServer server;
    private static VoicegatherClient client;

    @BeforeAll
    static void start() throws Exception {
        server = RealServer.start(dataDir);
        client = RealServer.client(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ActionService actions() {
        return client.calls().actions();
    }

    private static void assertUnknownCall(Runnable command) {
        UnprocessableEntityException e = catchThrowableOfType(UnprocessableEntityException.class, command::run);
        assertThat(e).as("expected 422 90015").isNotNull();
        assertThat(e.statusCode()).isEqualTo(422);
        assertThat(e.errors()).hasSize(1);
        ErrorDetail d = e.errors().get(0);
        assertThat(d.code()).isEqualTo("90015");
        assertThat(d.title()).isEqualTo("Invalid Call Control ID");
        assertThat(d.pointer()).isEqualTo("/call_control_id");
        assertThat(d.detail()).contains(UNKNOWN);
        assertThat(e.headers()).containsKey("content-type");
        assertThat(e.body()).contains("\"90015\"");
    }

    /**
     * A valid voice AI command passed the server's checks and reached the call layer: 404 10007 while the call layer
     * lacks the command, 422 90015 (no such call) once it has it.
     */
    private static void assertReachedTheCallLayer(Runnable command) {
        VoicegatherServiceException e = catchThrowableOfType(VoicegatherServiceException.class, command::run);
        assertThat(e).as("expected the call layer's answer").isNotNull();
        assertThat(e.statusCode() + " " + e.code()).isIn("404 10007", "422 90015");
    }

    /** Refused by the server's own checks, before any call is looked up. */
    private static void assertRefused(Runnable command, String code, String pointer) {
        UnprocessableEntityException e = catchThrowableOfType(UnprocessableEntityException.class, command::run);
        assertThat(e).as("expected 422 " + code).isNotNull();
        assertThat(e.errors()).extracting(ErrorDetail::code, ErrorDetail::pointer)
                .contains(org.assertj.core.groups.Tuple.tuple(code, pointer));
    }

    @Test
    void implementedCommandsReachTheCallLookup() {
        assertUnknownCall(() -> actions().gather(UNKNOWN));
        assertUnknownCall(() -> actions().gather(UNKNOWN, ActionGatherParams.builder().minimumDigits(1)
                .maximumDigits(4).terminatingDigit("#").validDigits("0123456789").timeoutMillis(60000)
                .initialTimeoutMillis(5000).interDigitTimeoutMillis(3000).gatherId("g-1")
                .clientState("aGVsbG8=").commandId("c-1").build()));
        assertUnknownCall(() -> actions().gather(ActionGatherParams.builder().callControlId(UNKNOWN).build()));
        assertUnknownCall(() -> actions().stopGather(UNKNOWN));
        assertUnknownCall(() -> actions().stopGather(UNKNOWN, ActionStopGatherParams.builder().commandId("x").build()));
        assertUnknownCall(() -> actions().answer(UNKNOWN));
        assertUnknownCall(() -> actions().answer(UNKNOWN, ActionAnswerParams.builder()
                .webhookUrl("http://127.0.0.1:9/hook").webhookUrlMethod(ActionAnswerParams.WebhookUrlMethod.POST)
                .build()));
        assertUnknownCall(() -> actions().hangup(UNKNOWN));
        assertUnknownCall(() -> actions().hangup(UNKNOWN, ActionHangupParams.builder().clientState("aGk=").build()));
        assertUnknownCall(() -> actions().updateClientState(UNKNOWN,
                ActionUpdateClientStateParams.builder().clientState("aGk=").build()));
        assertUnknownCall(() -> client.calls().retrieveStatus(UNKNOWN));
        assertUnknownCall(() -> actions().gatherUsingAudio(UNKNOWN, ActionGatherUsingAudioParams.builder()
                .audioUrl("http://127.0.0.1:9/a.wav").maximumTries(3).build()));
        assertUnknownCall(() -> actions().gatherUsingSpeak(UNKNOWN, ActionGatherUsingSpeakParams.builder()
                .payload("say this on call").voice("male").build()));
        assertUnknownCall(() -> actions().startPlayback(UNKNOWN, ActionStartPlaybackParams.builder()
                .audioUrl("http://127.0.0.1:9/a.mp3").build()));
        assertUnknownCall(() -> actions().stopPlayback(UNKNOWN, ActionStopPlaybackParams.builder()
                .stop(ActionStopPlaybackParams.Stop.ALL).build()));
        assertUnknownCall(() -> actions().speak(UNKNOWN, ActionSpeakParams.builder()
                .payload("hello").voice("female").build()));
        assertUnknownCall(() -> actions().sendDtmf(UNKNOWN, ActionSendDtmfParams.builder()
                .digits("1www2WABCDw9").durationMillis(500).clientState("aGk=").commandId("c-2").build()));
        assertUnknownCall(() -> actions().sendDtmf(ActionSendDtmfParams.builder().callControlId(UNKNOWN)
                .digits("#").build()));
    }

    @Test
    void invalidSendDtmfIsRefusedWithTypedErrors() {
        assertRefused(() -> actions().sendDtmf(UNKNOWN, ActionSendDtmfParams.builder().digits("12x").build()),
                "10015", "/digits");
        assertRefused(() -> actions().sendDtmf(UNKNOWN, ActionSendDtmfParams.builder().digits("1")
                .durationMillis(50).build()), "10033", "/duration_millis");
        assertRefused(() -> actions().sendDtmf(UNKNOWN, ActionSendDtmfParams.builder().digits("").build()),
                "10015", "/digits");
        assertThatThrownBy(() -> ActionSendDtmfParams.builder().durationMillis(250).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'digits' is required");
    }

    @Test
    void validVoiceAiCommandsReachTheCallLayer() {
        Map<String, Object> age = Map.of("type", "object", "properties", Map.of("age", Map.of("type", "integer")));
        assertReachedTheCallLayer(() -> actions().gatherUsingAi(UNKNOWN, ActionGatherUsingAiParams.builder()
                .parameters(age).build()));
        assertReachedTheCallLayer(() -> actions().startAiAssistant(UNKNOWN, ActionStartAiAssistantParams.builder()
                .assistant(CallAssistantRequest.builder().id("assistant-1").build()).greeting("hi").build()));
        // no assistant (the guide's example): the default assistant, so the call is looked up
        assertReachedTheCallLayer(() -> actions().startAiAssistant(UNKNOWN));
        assertReachedTheCallLayer(() -> actions().startAiAssistant(UNKNOWN, ActionStartAiAssistantParams.builder()
                .greeting("hi").build()));
        assertReachedTheCallLayer(() -> actions().stopAiAssistant(UNKNOWN,
                ActionStopAiAssistantParams.builder().build()));
        assertReachedTheCallLayer(() -> actions().stopAiAssistant(UNKNOWN));
        assertReachedTheCallLayer(() -> actions().addAiAssistantMessages(UNKNOWN,
                ActionAddAiAssistantMessagesParams.builder().messages(List.of(AiAssistantMessage.user("hi"))).build()));
    }

    @Test
    void invalidVoiceAiCommandsAreRefusedWithTypedErrors() {
        // an assistant sent without its id (this client's builder requires it; other clients may not)
        assertRefused(() -> actions().startAiAssistant(UNKNOWN, ActionStartAiAssistantParams.builder()
                .putAdditionalBodyProperty("assistant", Map.of("name", "no id")).build()), "10004", "/assistant/id");
        // the guide's own example is not a JSON Schema
        assertRefused(() -> actions().gatherUsingAi(UNKNOWN, ActionGatherUsingAiParams.builder()
                .parameters(Map.of("properties", "bar", "required", "bar", "type", "bar")).build()),
                "10015", "/parameters/properties");
        assertRefused(() -> actions().gatherUsingAi(UNKNOWN, ActionGatherUsingAiParams.builder()
                .parameters(Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string"))))
                .language("en-US").build()), "10032", "/language");
        assertRefused(() -> actions().gatherUsingAi(UNKNOWN, ActionGatherUsingAiParams.builder()
                .parameters(Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string"))))
                .userResponseTimeoutMs(500).build()), "10033", "/user_response_timeout_ms");
    }

    @Test
    void everyAsyncCommandCompletesWithTheSameTypedError() {
        ActionServiceAsync a = client.async().calls().actions();
        List<CompletableFuture<?>> unknownCall = List.of(a.gather(UNKNOWN), a.stopGather(UNKNOWN),
                a.answer(UNKNOWN), a.hangup(UNKNOWN), a.stopPlayback(UNKNOWN),
                a.gatherUsingSpeak(UNKNOWN, ActionGatherUsingSpeakParams.builder().payload("p").voice("male").build()),
                a.speak(UNKNOWN, ActionSpeakParams.builder().payload("p").voice("male").build()),
                a.sendDtmf(UNKNOWN, ActionSendDtmfParams.builder().digits("1").build()),
                a.updateClientState(UNKNOWN, ActionUpdateClientStateParams.builder().clientState("aGk=").build()),
                client.async().calls().retrieveStatus(UNKNOWN));
        for (CompletableFuture<?> f : unknownCall) {
            assertThat(causeOf(f)).isInstanceOf(UnprocessableEntityException.class)
                    .extracting(t -> ((VoicegatherServiceException) t).code()).isEqualTo("90015");
        }
        // a prompt command without what to play is refused before the call is looked up
        for (CompletableFuture<?> f : List.of(a.gatherUsingAudio(UNKNOWN), a.startPlayback(UNKNOWN))) {
            assertThat(causeOf(f)).isInstanceOf(UnprocessableEntityException.class)
                    .extracting(t -> ((VoicegatherServiceException) t).code()).isEqualTo("10004");
        }
        for (CompletableFuture<?> f : List.of(a.startAiAssistant(UNKNOWN),
                a.gatherUsingAi(UNKNOWN, ActionGatherUsingAiParams.builder().parameters(Map.of()).build()))) {
            assertThat(causeOf(f)).isInstanceOf(UnprocessableEntityException.class);
        }
        for (CompletableFuture<?> f : List.of(a.stopAiAssistant(UNKNOWN), a.addAiAssistantMessages(UNKNOWN))) {
            VoicegatherServiceException e = (VoicegatherServiceException) causeOf(f);
            assertThat(e.statusCode() + " " + e.code()).isIn("404 10007", "422 90015");
        }
    }

    @Test
    void validationErrorsAreParsed() {
        UnprocessableEntityException e = catchThrowableOfType(UnprocessableEntityException.class,
                () -> actions().gather(UNKNOWN, ActionGatherParams.builder().maximumDigits(500).build()));
        assertThat(e.errors()).extracting(ErrorDetail::code, ErrorDetail::pointer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10033", "/maximum_digits"));
        assertThat(e.errors().get(0).detail()).contains("1 to 128");
    }

    @Test
    void wrongApiKeyIsUnauthorized() {
        VoicegatherClient wrong = VoicegatherClient.builder().apiKey("not-the-key")
                .baseUrl(client.options().baseUrl()).maxRetries(0).build();
        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                () -> wrong.calls().actions().hangup(UNKNOWN));
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("10009");
        assertThat(e.headers().get("www-authenticate")).containsExactly("Bearer");
    }

    @Test
    void idsArePercentEncodedAndDecodedBackExactly() {
        for (String id : List.of("v3:a:b", "a/b", "sp ace", "ü?#&")) {
            UnprocessableEntityException e = catchThrowableOfType(UnprocessableEntityException.class,
                    () -> actions().hangup(id));
            assertThat(e.errors().get(0).detail()).as(id).contains("'" + id + "'");
        }
    }

    @Test
    void requiredFieldsAreCheckedBeforeSending() {
        assertThatThrownBy(() -> ActionGatherUsingSpeakParams.builder().payload("p").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("voice");
        assertThatThrownBy(() -> ActionUpdateClientStateParams.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("client_state");
        assertThatThrownBy(() -> actions().gather(ActionGatherParams.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("call_control_id");
    }

    @Test
    void optionsNeverPrintTheApiKey() {
        assertThat(client.options().toString()).doesNotContain("apiKey=" + RealServer.API_KEY).contains("***");
    }

    @Test
    void anUnreachableServerIsAnIoError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        VoicegatherClient dead = VoicegatherClient.builder().apiKey("k").baseUrl("http://127.0.0.1:" + port + "/v2")
                .maxRetries(0).timeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> dead.calls().actions().hangup("x")).isInstanceOf(VoicegatherIoException.class);
    }

    private static Throwable causeOf(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected the future to fail");
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
