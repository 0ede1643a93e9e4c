package io.voicegather.client.services.async;

import io.voicegather.client.core.HttpTransport;
import io.voicegather.client.core.PathSegments;
import io.voicegather.client.models.calls.actions.ActionAddAiAssistantMessagesParams;
import io.voicegather.client.models.calls.actions.ActionAddAiAssistantMessagesResponse;
import io.voicegather.client.models.calls.actions.ActionAnswerParams;
import io.voicegather.client.models.calls.actions.ActionAnswerResponse;
import io.voicegather.client.models.calls.actions.ActionGatherParams;
import io.voicegather.client.models.calls.actions.ActionGatherResponse;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAiParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAiResponse;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAudioParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAudioResponse;
import io.voicegather.client.models.calls.actions.ActionGatherUsingSpeakParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingSpeakResponse;
import io.voicegather.client.models.calls.actions.ActionHangupParams;
import io.voicegather.client.models.calls.actions.ActionHangupResponse;
import io.voicegather.client.models.calls.actions.ActionSendDtmfParams;
import io.voicegather.client.models.calls.actions.ActionSendDtmfResponse;
import io.voicegather.client.models.calls.actions.ActionSpeakParams;
import io.voicegather.client.models.calls.actions.ActionSpeakResponse;
import io.voicegather.client.models.calls.actions.ActionStartAiAssistantParams;
import io.voicegather.client.models.calls.actions.ActionStartAiAssistantResponse;
import io.voicegather.client.models.calls.actions.ActionStartPlaybackParams;
import io.voicegather.client.models.calls.actions.ActionStartPlaybackResponse;
import io.voicegather.client.models.calls.actions.ActionStopAiAssistantParams;
import io.voicegather.client.models.calls.actions.ActionStopAiAssistantResponse;
import io.voicegather.client.models.calls.actions.ActionStopGatherParams;
import io.voicegather.client.models.calls.actions.ActionStopGatherResponse;
import io.voicegather.client.models.calls.actions.ActionStopPlaybackParams;
import io.voicegather.client.models.calls.actions.ActionStopPlaybackResponse;
import io.voicegather.client.models.calls.actions.ActionUpdateClientStateParams;
import io.voicegather.client.models.calls.actions.ActionUpdateClientStateResponse;
import io.voicegather.client.models.calls.actions.ActionParams;

import java.util.concurrent.CompletableFuture;

/**
 * The call commands, {@code client.async().calls().actions()}: each returns at once with a future that completes
 * with the response, or fails with a {@code VoicegatherServiceException} subclass (non-2xx) or a
 * {@code VoicegatherIoException} (unreachable after every retry). Thread-safe.
 */
public final class ActionServiceAsync {
    private final HttpTransport transport;

    public ActionServiceAsync(HttpTransport transport) {
        this.transport = transport;
    }

    /** Collects DTMF digits without a prompt; reported by call.dtmf.received and call.gather.ended. */
    public CompletableFuture<ActionGatherResponse> gather(String callControlId, ActionGatherParams params) {
        return send("POST", callControlId, "gather", params, ActionGatherResponse.class);
    }

    /** As {@link #gather(String, ActionGatherParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionGatherResponse> gather(ActionGatherParams params) {
        return gather(idOf(params), params);
    }

    /** As {@link #gather(String, ActionGatherParams)} with an empty body. */
    public CompletableFuture<ActionGatherResponse> gather(String callControlId) {
        return gather(callControlId, ActionGatherParams.builder().build());
    }

    /** Plays an audio prompt while collecting DTMF digits. */
    public CompletableFuture<ActionGatherUsingAudioResponse> gatherUsingAudio(String callControlId, ActionGatherUsingAudioParams params) {
        return send("POST", callControlId, "gather_using_audio", params, ActionGatherUsingAudioResponse.class);
    }

    /** As {@link #gatherUsingAudio(String, ActionGatherUsingAudioParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionGatherUsingAudioResponse> gatherUsingAudio(ActionGatherUsingAudioParams params) {
        return gatherUsingAudio(idOf(params), params);
    }

    /** As {@link #gatherUsingAudio(String, ActionGatherUsingAudioParams)} with an empty body. */
    public CompletableFuture<ActionGatherUsingAudioResponse> gatherUsingAudio(String callControlId) {
        return gatherUsingAudio(callControlId, ActionGatherUsingAudioParams.builder().build());
    }

    /** Speaks a prompt while collecting DTMF digits. */
    public CompletableFuture<ActionGatherUsingSpeakResponse> gatherUsingSpeak(String callControlId, ActionGatherUsingSpeakParams params) {
        return send("POST", callControlId, "gather_using_speak", params, ActionGatherUsingSpeakResponse.class);
    }

    /** As {@link #gatherUsingSpeak(String, ActionGatherUsingSpeakParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionGatherUsingSpeakResponse> gatherUsingSpeak(ActionGatherUsingSpeakParams params) {
        return gatherUsingSpeak(idOf(params), params);
    }

    /** Lets a voice assistant fill in a JSON Schema by talking with the caller. */
    public CompletableFuture<ActionGatherUsingAiResponse> gatherUsingAi(String callControlId, ActionGatherUsingAiParams params) {
        return send("POST", callControlId, "gather_using_ai", params, ActionGatherUsingAiResponse.class);
    }

    /** As {@link #gatherUsingAi(String, ActionGatherUsingAiParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionGatherUsingAiResponse> gatherUsingAi(ActionGatherUsingAiParams params) {
        return gatherUsingAi(idOf(params), params);
    }

    /** Stops the current gather; it ends with call.gather.ended. */
    public CompletableFuture<ActionStopGatherResponse> stopGather(String callControlId, ActionStopGatherParams params) {
        return send("POST", callControlId, "gather_stop", params, ActionStopGatherResponse.class);
    }

    /** As {@link #stopGather(String, ActionStopGatherParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionStopGatherResponse> stopGather(ActionStopGatherParams params) {
        return stopGather(idOf(params), params);
    }

    /** As {@link #stopGather(String, ActionStopGatherParams)} with an empty body. */
    public CompletableFuture<ActionStopGatherResponse> stopGather(String callControlId) {
        return stopGather(callControlId, ActionStopGatherParams.builder().build());
    }

    /** Starts an AI assistant on the call. */
    public CompletableFuture<ActionStartAiAssistantResponse> startAiAssistant(String callControlId, ActionStartAiAssistantParams params) {
        return send("POST", callControlId, "ai_assistant_start", params, ActionStartAiAssistantResponse.class);
    }

    /** As {@link #startAiAssistant(String, ActionStartAiAssistantParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionStartAiAssistantResponse> startAiAssistant(ActionStartAiAssistantParams params) {
        return startAiAssistant(idOf(params), params);
    }

    /** As {@link #startAiAssistant(String, ActionStartAiAssistantParams)} with an empty body. */
    public CompletableFuture<ActionStartAiAssistantResponse> startAiAssistant(String callControlId) {
        return startAiAssistant(callControlId, ActionStartAiAssistantParams.builder().build());
    }

    /** Stops the AI assistant of the call. */
    public CompletableFuture<ActionStopAiAssistantResponse> stopAiAssistant(String callControlId, ActionStopAiAssistantParams params) {
        return send("POST", callControlId, "ai_assistant_stop", params, ActionStopAiAssistantResponse.class);
    }

    /** As {@link #stopAiAssistant(String, ActionStopAiAssistantParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionStopAiAssistantResponse> stopAiAssistant(ActionStopAiAssistantParams params) {
        return stopAiAssistant(idOf(params), params);
    }

    /** As {@link #stopAiAssistant(String, ActionStopAiAssistantParams)} with an empty body. */
    public CompletableFuture<ActionStopAiAssistantResponse> stopAiAssistant(String callControlId) {
        return stopAiAssistant(callControlId, ActionStopAiAssistantParams.builder().build());
    }

    /** Adds messages to the running AI assistant's conversation. */
    public CompletableFuture<ActionAddAiAssistantMessagesResponse> addAiAssistantMessages(String callControlId, ActionAddAiAssistantMessagesParams params) {
        return send("POST", callControlId, "ai_assistant_add_messages", params, ActionAddAiAssistantMessagesResponse.class);
    }

    /** As {@link #addAiAssistantMessages(String, ActionAddAiAssistantMessagesParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionAddAiAssistantMessagesResponse> addAiAssistantMessages(ActionAddAiAssistantMessagesParams params) {
        return addAiAssistantMessages(idOf(params), params);
    }

    /** As {@link #addAiAssistantMessages(String, ActionAddAiAssistantMessagesParams)} with an empty body. */
    public CompletableFuture<ActionAddAiAssistantMessagesResponse> addAiAssistantMessages(String callControlId) {
        return addAiAssistantMessages(callControlId, ActionAddAiAssistantMessagesParams.builder().build());
    }

    /** Answers an incoming call; call.answered follows. */
    public CompletableFuture<ActionAnswerResponse> answer(String callControlId, ActionAnswerParams params) {
        return send("POST", callControlId, "answer", params, ActionAnswerResponse.class);
    }

    /** As {@link #answer(String, ActionAnswerParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionAnswerResponse> answer(ActionAnswerParams params) {
        return answer(idOf(params), params);
    }

    /** As {@link #answer(String, ActionAnswerParams)} with an empty body. */
    public CompletableFuture<ActionAnswerResponse> answer(String callControlId) {
        return answer(callControlId, ActionAnswerParams.builder().build());
    }

    /** Hangs up the call; call.hangup follows. */
    public CompletableFuture<ActionHangupResponse> hangup(String callControlId, ActionHangupParams params) {
        return send("POST", callControlId, "hangup", params, ActionHangupResponse.class);
    }

    /** As {@link #hangup(String, ActionHangupParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionHangupResponse> hangup(ActionHangupParams params) {
        return hangup(idOf(params), params);
    }

    /** As {@link #hangup(String, ActionHangupParams)} with an empty body. */
    public CompletableFuture<ActionHangupResponse> hangup(String callControlId) {
        return hangup(callControlId, ActionHangupParams.builder().build());
    }

    /** Plays audio on the call; call.playback.started and call.playback.ended follow. */
    public CompletableFuture<ActionStartPlaybackResponse> startPlayback(String callControlId, ActionStartPlaybackParams params) {
        return send("POST", callControlId, "playback_start", params, ActionStartPlaybackResponse.class);
    }

    /** As {@link #startPlayback(String, ActionStartPlaybackParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionStartPlaybackResponse> startPlayback(ActionStartPlaybackParams params) {
        return startPlayback(idOf(params), params);
    }

    /** As {@link #startPlayback(String, ActionStartPlaybackParams)} with an empty body. */
    public CompletableFuture<ActionStartPlaybackResponse> startPlayback(String callControlId) {
        return startPlayback(callControlId, ActionStartPlaybackParams.builder().build());
    }

    /** Stops audio playback. */
    public CompletableFuture<ActionStopPlaybackResponse> stopPlayback(String callControlId, ActionStopPlaybackParams params) {
        return send("POST", callControlId, "playback_stop", params, ActionStopPlaybackResponse.class);
    }

    /** As {@link #stopPlayback(String, ActionStopPlaybackParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionStopPlaybackResponse> stopPlayback(ActionStopPlaybackParams params) {
        return stopPlayback(idOf(params), params);
    }

    /** As {@link #stopPlayback(String, ActionStopPlaybackParams)} with an empty body. */
    public CompletableFuture<ActionStopPlaybackResponse> stopPlayback(String callControlId) {
        return stopPlayback(callControlId, ActionStopPlaybackParams.builder().build());
    }

    /** Speaks text on the call; call.speak.started and call.speak.ended follow. */
    public CompletableFuture<ActionSpeakResponse> speak(String callControlId, ActionSpeakParams params) {
        return send("POST", callControlId, "speak", params, ActionSpeakResponse.class);
    }

    /** As {@link #speak(String, ActionSpeakParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionSpeakResponse> speak(ActionSpeakParams params) {
        return speak(idOf(params), params);
    }

    /** Sends DTMF keys to the caller, after any keys still being sent; no webhooks follow. */
    public CompletableFuture<ActionSendDtmfResponse> sendDtmf(String callControlId, ActionSendDtmfParams params) {
        return send("POST", callControlId, "send_dtmf", params, ActionSendDtmfResponse.class);
    }

    /** As {@link #sendDtmf(String, ActionSendDtmfParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionSendDtmfResponse> sendDtmf(ActionSendDtmfParams params) {
        return sendDtmf(idOf(params), params);
    }

    /** Replaces the client_state echoed in later webhooks, without any other action. */
    public CompletableFuture<ActionUpdateClientStateResponse> updateClientState(String callControlId, ActionUpdateClientStateParams params) {
        return send("PUT", callControlId, "client_state_update", params, ActionUpdateClientStateResponse.class);
    }

    /** As {@link #updateClientState(String, ActionUpdateClientStateParams)} with the call_control_id taken from the params. */
    public CompletableFuture<ActionUpdateClientStateResponse> updateClientState(ActionUpdateClientStateParams params) {
        return updateClientState(idOf(params), params);
    }

    private <T> CompletableFuture<T> send(String method, String callControlId, String action, ActionParams params,
                                          Class<T> type) {
        String path = "/calls/" + PathSegments.encode(callControlId) + "/actions/" + action;
        return transport.request(method, path, params.toJson(), type);
    }

    private static String idOf(ActionParams params) {
        return params.callControlId().orElseThrow(() -> new IllegalArgumentException(
                "no call_control_id: pass it to the method or set it on the params builder"));
    }
}
