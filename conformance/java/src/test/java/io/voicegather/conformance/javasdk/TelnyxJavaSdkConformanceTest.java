package io.voicegather.conformance.javasdk;

import io.voicegather.server.e2e.peers.TinySipPhone;
import io.voicegather.server.e2e.peers.WebhookReceiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.telnyx.sdk.ApiClient;
import com.telnyx.sdk.ApiException;
import com.telnyx.sdk.ApiResponse;
import com.telnyx.sdk.api.CallCommandsApi;
import com.telnyx.sdk.model.AnswerRequest;
import com.telnyx.sdk.model.CallControlCommandResponse;
import com.telnyx.sdk.model.CustomSipHeader;
import com.telnyx.sdk.model.GatherUsingAudioRequest;
import com.telnyx.sdk.model.GatherUsingSpeakRequest;
import com.telnyx.sdk.model.HangupRequest;
import com.telnyx.sdk.model.SendDTMFRequest;
import com.telnyx.sdk.model.StopGatherRequest;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The official Telnyx Java SDK ({@code com.telnyx.sdk:telnyx} 2.8.0, unchanged) drives one real call on the real
 * server: a SIP phone calls in, the SDK answers, runs {@code gather_using_speak} (the phone presses a PIN),
 * {@code gather_using_audio}, stops that with {@code gather_stop}, and hangs up.
 *
 * <p>Two habits of that SDK must be accepted: it percent-encodes the {@code :} of {@code v3:…} ids in the path, and
 * it fills every model default into the body (maximum_tries, timeout_millis, valid_digits, payload_type,
 * service_level…). The wire tap records what it really sent, and the webhooks show the commands reached that call.
 */
class TelnyxJavaSdkConformanceTest {
    private static final long WAIT_MILLIS = 30_000;
    private static final String API_KEY = "KEY_JAVA_SDK_CONFORMANCE";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void officialJavaSdkGathersOnARealCall() throws Exception {
        try (AppEndpoint app = new AppEndpoint();
             VoicegatherServer server = startServer(app.webhookUrl());
             TinySipPhone phone = new TinySipPhone(server.sipPort())) {
            SdkWireTap tap = new SdkWireTap();
            CallCommandsApi calls = new CallCommandsApi(sdkClient(server, tap));

            phone.invite();
            String id = app.awaitEvent("call.initiated", null, WAIT_MILLIS).path("payload")
                    .path("call_control_id").asText();
            assertThat(id).startsWith("v3:");
            String encodedId = id.replace(":", "%3A");

            assertOk(calls.callAnswerWithHttpInfo(id, new AnswerRequest()));
            assertThat(tap.last().rawPath()).isEqualTo("/v2/calls/" + encodedId + "/actions/answer");
            phone.awaitAnsweredAndAck(WAIT_MILLIS);
            app.awaitEvent("call.answered", id, WAIT_MILLIS);

            // gather_using_speak, as the SDK's documentation writes it; it adds its defaults to the body
            GatherUsingSpeakRequest speak = new GatherUsingSpeakRequest()
                    .payload("Please enter your PIN")
                    .voice(GatherUsingSpeakRequest.VoiceEnum.FEMALE)
                    .language(GatherUsingSpeakRequest.LanguageEnum.EN_US)
                    .minimumDigits(4).maximumDigits(4).terminatingDigit("#");
            assertOk(calls.callGatherUsingSpeakWithHttpInfo(id, speak));
            SdkWireTap.Sent speakSent = tap.last();
            assertThat(speakSent.rawPath()).isEqualTo("/v2/calls/" + encodedId + "/actions/gather_using_speak");
            assertThat(JSON.readTree(speakSent.body())).as("the body the SDK sent, defaults included")
                    .isEqualTo(JSON.readTree("""
                            {"payload":"Please enter your PIN","payload_type":"text","service_level":"premium",
                             "voice":"female","language":"en-US","minimum_digits":4,"maximum_digits":4,
                             "maximum_tries":3,"timeout_millis":60000,"terminating_digit":"#",
                             "valid_digits":"0123456789#*","inter_digit_timeout_millis":5000}"""));
            for (char key : "1234".toCharArray()) {
                phone.pressKey(key);
            }
            JsonNode pin = app.awaitEvent("call.gather.ended", id, WAIT_MILLIS).path("payload");
            assertThat(pin.path("status").asText()).isEqualTo("valid");
            assertThat(pin.path("digits").asText()).isEqualTo("1234");

            // gather_using_audio with the SDK's defaults, then gather_stop cancels it
            assertOk(calls.callGatherUsingAudioWithHttpInfo(id, new GatherUsingAudioRequest()
                    .audioUrl(app.promptUrl()).maximumDigits(1)));
            SdkWireTap.Sent audioSent = tap.last();
            assertThat(audioSent.rawPath()).isEqualTo("/v2/calls/" + encodedId + "/actions/gather_using_audio");
            assertThat(JSON.readTree(audioSent.body())).as("the body the SDK sent, defaults included")
                    .isEqualTo(JSON.readTree("""
                            {"audio_url":"%s","minimum_digits":1,"maximum_digits":1,"maximum_tries":3,
                             "timeout_millis":60000,"terminating_digit":"#","valid_digits":"0123456789#*",
                             "inter_digit_timeout_millis":5000}""".formatted(app.promptUrl())));
            JsonNode prompt = app.awaitEvent("call.playback.started", id, WAIT_MILLIS).path("payload");
            assertThat(prompt.path("media_url").asText()).isEqualTo(app.promptUrl());

            assertOk(calls.callGatherStopWithHttpInfo(id, new StopGatherRequest()));
            assertThat(tap.last().rawPath()).isEqualTo("/v2/calls/" + encodedId + "/actions/gather_stop");
            JsonNode stopped = app.awaitEvent("call.gather.ended", id, WAIT_MILLIS).path("payload");
            assertThat(stopped.path("status").asText()).as("the stop reached this call's audio gather")
                    .isEqualTo("cancelled");
            assertThat(stopped.path("digits").asText()).isEmpty();

            assertOk(calls.callHangupWithHttpInfo(id, new HangupRequest()));
            assertThat(phone.awaitBye(WAIT_MILLIS)).as("BYE sent to the phone").isTrue();
            assertThat(app.awaitEvent("call.hangup", id, WAIT_MILLIS).path("payload").path("hangup_source").asText())
                    .isEqualTo("callee");
        }
    }

    /**
     * The answer's per-call options and {@code send_dtmf} through the SDK's own methods. 2.8.0 models neither
     * {@code webhook_urls}, {@code webhook_urls_method}, {@code webhook_retries_policies}, {@code custom_headers}
     * nor {@code sip_headers}, so {@link AnswerRequestWithCallOptions} adds them to its {@link AnswerRequest}; the
     * request still goes through {@code callAnswer}. The effects: the raw 200 OK carries the headers, and the call's
     * {@code call.gather.ended} goes to its mapped URL (a second receiver that checks the signature on its own and
     * fails the first attempt, so the policy's retry brings it) while the other events stay at the application's URL.
     * {@code callSendDTMF} uses the SDK's {@link SendDTMFRequest} unchanged: accepted, a repeated {@code command_id}
     * accepted again, a bad key and a send after the hangup refused with our error codes. (This phone plays no RTP;
     * the keys on the wire are checked by {@code NodeSdkAllCommandsTest} and {@code SendDtmfEndToEndTest}.)
     */
    @Test
    void officialJavaSdkAnswersWithCallOptionsAndSendsDtmf() throws Exception {
        try (AppEndpoint app = new AppEndpoint();
             VoicegatherServer server = startServer(app.webhookUrl());
             WebhookReceiver gathered = WebhookReceiver.start(server.webhookPublicKey());
             TinySipPhone phone = new TinySipPhone(server.sipPort())) {
            SdkWireTap tap = new SdkWireTap();
            CallCommandsApi calls = new CallCommandsApi(sdkClient(server, tap));
            phone.invite();
            String id = app.awaitEvent("call.initiated", null, WAIT_MILLIS).path("payload")
                    .path("call_control_id").asText();

            String mapped = gathered.url() + "/gathered";
            gathered.failNext(1, 503);
            AnswerRequestWithCallOptions answer = new AnswerRequestWithCallOptions()
                    .webhookUrls(Map.of("call.gather.ended", mapped))
                    .webhookUrlsMethod("POST")
                    .retriesMs("call.gather.ended", List.of(300))
                    .customHeaders(List.of(new CustomSipHeader().name("X-Tenant").value("acme; region=eu")))
                    .sipHeaders(List.of(new CustomSipHeader().name("User-to-User")
                            .value("56a390f3d2b7310023a2;encoding=hex")));
            answer.setCommandId("answer-options");
            assertOk(calls.callAnswerWithHttpInfo(id, answer));
            assertThat(JSON.readTree(tap.last().body())).as("the body the SDK sent, its default webhook_url_method included")
                    .isEqualTo(JSON.readTree("""
                    {"command_id":"answer-options","webhook_url_method":"POST",
                     "webhook_urls":{"call.gather.ended":"%s"},"webhook_urls_method":"POST",
                     "webhook_retries_policies":{"call.gather.ended":{"retries_ms":[300]}},
                     "custom_headers":[{"name":"X-Tenant","value":"acme; region=eu"}],
                     "sip_headers":[{"name":"User-to-User","value":"56a390f3d2b7310023a2;encoding=hex"}]}"""
                    .formatted(mapped)));
            String ok = phone.awaitAnsweredAndAck(WAIT_MILLIS);
            assertThat(Arrays.asList(ok.substring(0, ok.indexOf("\r\n\r\n")).split("\r\n"))).as(ok)
                    .contains("X-Tenant: acme; region=eu", "User-to-User: 56a390f3d2b7310023a2;encoding=hex");
            app.awaitEvent("call.answered", id, WAIT_MILLIS);

            SendDTMFRequest keys = new SendDTMFRequest().digits("1w#").durationMillis(100).commandId("keys-1");
            assertOk(calls.callSendDTMFWithHttpInfo(id, keys));
            SdkWireTap.Sent keysSent = tap.last();
            assertThat(keysSent.rawPath()).isEqualTo("/v2/calls/" + id.replace(":", "%3A") + "/actions/send_dtmf");
            assertThat(JSON.readTree(keysSent.body())).as("the body the SDK sent").isEqualTo(JSON.readTree(
                    "{\"digits\":\"1w#\",\"duration_millis\":100,\"command_id\":\"keys-1\"}"));
            assertOk(calls.callSendDTMFWithHttpInfo(id, keys)); // the same command_id again: 200, nothing queued
            ApiException badKey = catchThrowableOfType(ApiException.class,
                    () -> calls.callSendDTMF(id, new SendDTMFRequest().digits("12x")));
            assertThat(badKey).as("a key that does not exist").isNotNull();
            assertThat(badKey.getCode()).isEqualTo(422);
            JsonNode badKeyError = JSON.readTree(badKey.getResponseBody()).path("errors").path(0);
            assertThat(badKeyError.path("code").asText()).isEqualTo("10015");
            assertThat(badKeyError.path("source").path("pointer").asText()).isEqualTo("/digits");

            // A gather whose end is mapped: the phone's key ends it, the event goes to the mapped URL.
            assertOk(calls.callGatherUsingAudioWithHttpInfo(id, new GatherUsingAudioRequest()
                    .audioUrl(app.promptUrl()).maximumDigits(1)));
            app.awaitEvent("call.playback.started", id, WAIT_MILLIS);
            phone.pressKey('7');
            WebhookReceiver.Event ended = gathered.await("call.gather.ended", id, Duration.ofMillis(WAIT_MILLIS));
            assertThat(ended.payload().path("digits").asText()).isEqualTo("7");
            assertThat(ended.request().method()).isEqualTo("POST");
            assertThat(ended.root().at("/meta/attempt").asInt()).as("the policy's retry after the 503").isEqualTo(2);
            assertThat(app.awaitEvent("call.dtmf.received", id, WAIT_MILLIS).path("payload").path("digit").asText())
                    .as("unmapped: at the application's URL").isEqualTo("7");

            assertOk(calls.callHangupWithHttpInfo(id, new HangupRequest()));
            assertThat(phone.awaitBye(WAIT_MILLIS)).as("BYE sent to the phone").isTrue();
            app.awaitEvent("call.hangup", id, WAIT_MILLIS);
            ApiException afterHangup = catchThrowableOfType(ApiException.class,
                    () -> calls.callSendDTMF(id, new SendDTMFRequest().digits("1")));
            assertThat(afterHangup).as("send_dtmf after the hangup").isNotNull();
            assertThat(afterHangup.getCode()).isEqualTo(422);
            assertThat(JSON.readTree(afterHangup.getResponseBody()).path("errors").path(0).path("code").asText())
                    .isEqualTo("90018");

            assertThat(app.eventTypes()).as("everything but the mapped event at the application's URL")
                    .contains("call.initiated", "call.answered", "call.dtmf.received", "call.hangup")
                    .doesNotContain("call.gather.ended");
            assertThat(gathered.events()).extracting(WebhookReceiver.Event::eventType)
                    .containsOnly("call.gather.ended");
            assertThat(gathered.rejected()).extracting(WebhookReceiver.Request::rejectReason)
                    .as("the one failure forced above, no bad signature").containsExactly("forced failure 503");
        }
    }

    /**
     * Every value the SDK's own enums offer for {@code voice}, {@code language}, {@code service_level} and
     * {@code payload_type} is accepted by {@code gather_using_speak} (each sent with all the other defaults); any
     * refusal is listed with its field, value and error body. An unknown call is refused in the shape the SDK
     * surfaces as an {@link ApiException} with the status and our error body.
     */
    @Test
    void everyEnumValueOfTheSdkModelIsAccepted() throws Exception {
        try (AppEndpoint app = new AppEndpoint();
             VoicegatherServer server = startServer(app.webhookUrl());
             TinySipPhone phone = new TinySipPhone(server.sipPort())) {
            CallCommandsApi calls = new CallCommandsApi(sdkClient(server, new SdkWireTap()));

            ApiException unknown = catchThrowableOfType(ApiException.class, () -> calls.callGatherUsingSpeak(
                    "v3:no-such-call", new GatherUsingSpeakRequest().payload("One")
                            .voice(GatherUsingSpeakRequest.VoiceEnum.MALE)));
            assertThat(unknown.getCode()).isEqualTo(422);
            assertThat(JSON.readTree(unknown.getResponseBody()).path("errors").path(0).path("code").asText())
                    .isEqualTo("90015");

            phone.invite();
            String id = app.awaitEvent("call.initiated", null, WAIT_MILLIS).path("payload")
                    .path("call_control_id").asText();
            assertOk(calls.callAnswerWithHttpInfo(id, new AnswerRequest()));
            phone.awaitAnsweredAndAck(WAIT_MILLIS);

            Map<String, GatherUsingSpeakRequest> variants = new LinkedHashMap<>();
            for (GatherUsingSpeakRequest.VoiceEnum v : GatherUsingSpeakRequest.VoiceEnum.values()) {
                variants.put("voice=" + v.getValue(), new GatherUsingSpeakRequest().payload("One").voice(v));
            }
            for (GatherUsingSpeakRequest.LanguageEnum l : GatherUsingSpeakRequest.LanguageEnum.values()) {
                variants.put("language=" + l.getValue(), new GatherUsingSpeakRequest().payload("One")
                        .voice(GatherUsingSpeakRequest.VoiceEnum.FEMALE).language(l));
            }
            for (GatherUsingSpeakRequest.ServiceLevelEnum s : GatherUsingSpeakRequest.ServiceLevelEnum.values()) {
                variants.put("service_level=" + s.getValue(), new GatherUsingSpeakRequest().payload("One")
                        .voice(GatherUsingSpeakRequest.VoiceEnum.MALE).serviceLevel(s));
            }
            variants.put("payload_type=text", new GatherUsingSpeakRequest().payload("One")
                    .voice(GatherUsingSpeakRequest.VoiceEnum.MALE)
                    .payloadType(GatherUsingSpeakRequest.PayloadTypeEnum.TEXT));
            variants.put("payload_type=ssml", new GatherUsingSpeakRequest().payload("<speak>One</speak>")
                    .voice(GatherUsingSpeakRequest.VoiceEnum.MALE)
                    .payloadType(GatherUsingSpeakRequest.PayloadTypeEnum.SSML));

            List<String> refused = new ArrayList<>();
            for (Map.Entry<String, GatherUsingSpeakRequest> variant : variants.entrySet()) {
                try {
                    assertOk(calls.callGatherUsingSpeakWithHttpInfo(id, variant.getValue()));
                } catch (ApiException e) {
                    refused.add(variant.getKey() + " -> " + e.getCode() + " " + e.getResponseBody());
                }
            }
            assertThat(refused).as("SDK enum values the server refused").isEmpty();
            assertThat(variants).hasSize(2 + GatherUsingSpeakRequest.LanguageEnum.values().length + 2 + 2);

            assertOk(calls.callHangupWithHttpInfo(id, new HangupRequest()));
            assertThat(phone.awaitBye(WAIT_MILLIS)).as("BYE sent to the phone").isTrue();
        }
    }

    /**
     * The assistants API (/v2/ai/assistants) through the SDK's own request path: SDK 2.8.0 has no assistants class,
     * so {@link SdkAssistantCalls} calls {@code ApiClient.invokeAPI} as the SDK's generated methods do. The SDK's
     * Jackson mapper serialises the bodies (the wire tap shows what it sent) and parses every answer, including
     * {@code created_at} into the {@code OffsetDateTime} its models use; a deleted id comes back as the SDK's
     * {@link ApiException} with 404 and our error body.
     */
    @Test
    @SuppressWarnings("unchecked") // the list's items, parsed by the SDK as plain maps
    void officialJavaSdkManagesAssistants() throws Exception {
        try (VoicegatherServer server = startServer("http://127.0.0.1:9/unused")) {
            SdkWireTap tap = new SdkWireTap();
            ApiClient sdk = sdkClient(server, tap);
            SdkAssistantCalls assistants = new SdkAssistantCalls(sdk);
            ObjectMapper sdkMapper = sdk.getJSON().getMapper();
            java.time.OffsetDateTime before = java.time.OffsetDateTime.now().minusMinutes(5);

            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("name", "Support");
            definition.put("instructions", "You help {{customer}} with orders.");
            definition.put("model", "llama3.2");
            definition.put("greeting", "Hello, this is support.");
            definition.put("dynamic_variables", Map.of("customer", "Ada"));
            definition.put("voice_settings", Map.of("voice", "Telnyx.KokoroTTS.af"));
            definition.put("tags", List.of("orders"));
            ApiResponse<Map<String, Object>> createdResponse = assistants.create(definition);
            assertThat(createdResponse.getStatusCode()).isEqualTo(200);
            SdkWireTap.Sent createSent = tap.last();
            assertThat(createSent.method() + " " + createSent.rawPath()).isEqualTo("POST /v2/ai/assistants");
            assertThat(JSON.readTree(createSent.body())).as("the body the SDK sent")
                    .isEqualTo(JSON.valueToTree(definition));
            Map<String, Object> created = createdResponse.getData();
            String id = (String) created.get("id");
            assertThat(id).startsWith("assistant-");
            assertThat(created).containsEntry("name", "Support")
                    .containsEntry("instructions", "You help {{customer}} with orders.")
                    .containsEntry("model", "llama3.2")
                    .containsEntry("greeting", "Hello, this is support.")
                    .containsEntry("tags", List.of("orders"));
            java.time.OffsetDateTime createdAt = sdkMapper.convertValue(created.get("created_at"),
                    java.time.OffsetDateTime.class);
            assertThat(createdAt).as("created_at as the SDK's models read a date-time")
                    .isAfter(before).isBefore(java.time.OffsetDateTime.now().plusMinutes(5));

            ApiResponse<Map<String, Object>> read = assistants.retrieve(id);
            assertThat(read.getStatusCode()).isEqualTo(200);
            assertThat(tap.last().rawPath()).isEqualTo("/v2/ai/assistants/" + id);
            assertThat(read.getData()).isEqualTo(created);

            Map<String, Object> change = new LinkedHashMap<>();
            change.put("instructions", "Be brief.");
            change.put("greeting", null); // our API removes a field sent as null...
            ApiResponse<Map<String, Object>> updatedResponse = assistants.update(id, change);
            assertThat(updatedResponse.getStatusCode()).isEqualTo(200);
            assertThat(JSON.readTree(tap.last().body()))
                    .as("...but the SDK's mapper leaves nulls out, so this SDK cannot remove a field")
                    .isEqualTo(JSON.readTree("{\"instructions\":\"Be brief.\"}"));
            Map<String, Object> updated = updatedResponse.getData();
            assertThat(updated).containsEntry("id", id).containsEntry("name", "Support")
                    .containsEntry("instructions", "Be brief.").containsEntry("model", "llama3.2")
                    .containsEntry("created_at", created.get("created_at"))
                    .containsEntry("greeting", "Hello, this is support.");

            ApiResponse<Map<String, Object>> listed = assistants.list();
            assertThat(listed.getStatusCode()).isEqualTo(200);
            assertThat(listed.getData()).containsOnlyKeys("data");
            assertThat((List<Object>) listed.getData().get("data")).containsExactly(updated);

            ApiResponse<Map<String, Object>> deleted = assistants.delete(id);
            assertThat(deleted.getStatusCode()).isEqualTo(200);
            assertThat(tap.last().method() + " " + tap.last().rawPath()).isEqualTo("DELETE /v2/ai/assistants/" + id);
            assertThat(deleted.getData()).isEqualTo(Map.of("id", id, "object", "assistant", "deleted", true));

            ApiException gone = catchThrowableOfType(ApiException.class, () -> assistants.retrieve(id));
            assertThat(gone).as("retrieve of the deleted id").isNotNull();
            assertThat(gone.getCode()).isEqualTo(404);
            assertThat(JSON.readTree(gone.getResponseBody()).path("errors").path(0).path("code").asText())
                    .isEqualTo("10007");

            ApiException invalid = catchThrowableOfType(ApiException.class,
                    () -> assistants.create(Map.of("name", "No instructions")));
            assertThat(invalid).as("create without instructions").isNotNull();
            assertThat(invalid.getCode()).isEqualTo(422);
            assertThat(JSON.readTree(invalid.getResponseBody()).path("errors").path(0).path("source")
                    .path("pointer").asText()).isEqualTo("/instructions");
        }
    }

    /** The SDK's answer was HTTP 200 and it parsed our body into its own response model. */
    private static void assertOk(ApiResponse<CallControlCommandResponse> response) {
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getData().getData().getResult()).isEqualTo("ok");
    }

    /** The SDK as a Telnyx user configures it, pointed at our server instead of Telnyx's. */
    private static ApiClient sdkClient(VoicegatherServer server, SdkWireTap tap) {
        ApiClient client = new ApiClient();
        client.setBasePath("http://127.0.0.1:" + server.httpPort() + "/v2");
        client.setBearerToken(API_KEY);
        client.setConnectTimeout(10_000);
        client.setReadTimeout((int) WAIT_MILLIS);
        client.getHttpClient().register(tap); // after the setters: some of them rebuild the Jersey client
        return client;
    }

    private VoicegatherServer startServer(String webhookUrl) throws java.io.IOException {
        return VoicegatherServer.start(ConfigLoader.load(new String[]{
                "--http-host", "127.0.0.1", "--http-port", "0",
                "--sip-host", "127.0.0.1", "--sip-port", "0", "--rtp-ports", "44000-44999",
                "--data-dir", dataDir.toString(), "--api-key", API_KEY,
                "--webhook-url", webhookUrl}, Map.of()));
    }
}
