package io.voicegather.client.services.blocking;

import io.voicegather.client.services.async.ActionServiceAsync;
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

import static io.voicegather.client.core.HttpTransport.await;

/**
 * The call commands, {@code client.calls().actions()}: each blocks until the answer arrives (retries included)
 * and throws a {@code VoicegatherServiceException} subclass for a non-2xx answer or a
 * {@code VoicegatherIoException} when the server cannot be reached. Thread-safe.
 */
public final class ActionService {
    private final ActionServiceAsync async;

    public ActionService(ActionServiceAsync async) {
        this.async = async;
    }

    /** Collects DTMF digits without a prompt; reported by call.dtmf.received and call.gather.ended. */
    public ActionGatherResponse gather(String callControlId, ActionGatherParams params) {
        return await(async.gather(callControlId, params));
    }

    /** As {@link #gather(String, ActionGatherParams)} with the call_control_id taken from the params. */
    public ActionGatherResponse gather(ActionGatherParams params) {
        return await(async.gather(params));
    }

    /** As {@link #gather(String, ActionGatherParams)} with an empty body. */
    public ActionGatherResponse gather(String callControlId) {
        return await(async.gather(callControlId));
    }

    /** Plays an audio prompt while collecting DTMF digits. */
    public ActionGatherUsingAudioResponse gatherUsingAudio(String callControlId, ActionGatherUsingAudioParams params) {
        return await(async.gatherUsingAudio(callControlId, params));
    }

    /** As {@link #gatherUsingAudio(String, ActionGatherUsingAudioParams)} with the call_control_id taken from the params. */
    public ActionGatherUsingAudioResponse gatherUsingAudio(ActionGatherUsingAudioParams params) {
        return await(async.gatherUsingAudio(params));
    }

    /** As {@link #gatherUsingAudio(String, ActionGatherUsingAudioParams)} with an empty body. */
    public ActionGatherUsingAudioResponse gatherUsingAudio(String callControlId) {
        return await(async.gatherUsingAudio(callControlId));
    }

    /** Speaks a prompt while collecting DTMF digits. */
    public ActionGatherUsingSpeakResponse gatherUsingSpeak(String callControlId, ActionGatherUsingSpeakParams params) {
        return await(async.gatherUsingSpeak(callControlId, params));
    }

    /** As {@link #gatherUsingSpeak(String, ActionGatherUsingSpeakParams)} with the call_control_id taken from the params. */
    public ActionGatherUsingSpeakResponse gatherUsingSpeak(ActionGatherUsingSpeakParams params) {
        return await(async.gatherUsingSpeak(params));
    }

    /** Lets a voice assistant fill in a JSON Schema by talking with the caller. */
    public ActionGatherUsingAiResponse gatherUsingAi(String callControlId, ActionGatherUsingAiParams params) {
        return await(async.gatherUsingAi(callControlId, params));
    }

    /** As {@link #gatherUsingAi(String, ActionGatherUsingAiParams)} with the call_control_id taken from the params. */
    public ActionGatherUsingAiResponse gatherUsingAi(ActionGatherUsingAiParams params) {
        return await(async.gatherUsingAi(params));
    }

    /** Stops the current gather; it ends with call.gather.ended. */
    public ActionStopGatherResponse stopGather(String callControlId, ActionStopGatherParams params) {
        return await(async.stopGather(callControlId, params));
    }

    /** As {@link #stopGather(String, ActionStopGatherParams)} with the call_control_id taken from the params. */
    public ActionStopGatherResponse stopGather(ActionStopGatherParams params) {
        return await(async.stopGather(params));
    }

    /** As {@link #stopGather(String, ActionStopGatherParams)} with an empty body. */
    public ActionStopGatherResponse stopGather(String callControlId) {
        return await(async.stopGather(callControlId));
    }

    /** Starts an AI assistant on the call. */
    public ActionStartAiAssistantResponse startAiAssistant(String callControlId, ActionStartAiAssistantParams params) {
        return await(async.startAiAssistant(callControlId, params));
    }

    /** As {@link #startAiAssistant(String, ActionStartAiAssistantParams)} with the call_control_id taken from the params. */
    public ActionStartAiAssistantResponse startAiAssistant(ActionStartAiAssistantParams params) {
        return await(async.startAiAssistant(params));
    }

    /** As {@link #startAiAssistant(String, ActionStartAiAssistantParams)} with an empty body. */
    public ActionStartAiAssistantResponse startAiAssistant(String callControlId) {
        return await(async.startAiAssistant(callControlId));
    }

    /** Stops the AI assistant of the call. */
    public ActionStopAiAssistantResponse stopAiAssistant(String callControlId, ActionStopAiAssistantParams params) {
        return await(async.stopAiAssistant(callControlId, params));
    }

    /** As {@link #stopAiAssistant(String, ActionStopAiAssistantParams)} with the call_control_id taken from the params. */
    public ActionStopAiAssistantResponse stopAiAssistant(ActionStopAiAssistantParams params) {
        return await(async.stopAiAssistant(params));
    }

    /** As {@link #stopAiAssistant(String, ActionStopAiAssistantParams)} with an empty body. */
    public ActionStopAiAssistantResponse stopAiAssistant(String callControlId) {
        return await(async.stopAiAssistant(callControlId));
    }

    /** Adds messages to the running AI assistant's conversation. */
    public ActionAddAiAssistantMessagesResponse addAiAssistantMessages(String callControlId, ActionAddAiAssistantMessagesParams params) {
        return await(async.addAiAssistantMessages(callControlId, params));
    }

    /** As {@link #addAiAssistantMessages(String, ActionAddAiAssistantMessagesParams)} with the call_control_id taken from the params. */
    public ActionAddAiAssistantMessagesResponse addAiAssistantMessages(ActionAddAiAssistantMessagesParams params) {
        return await(async.addAiAssistantMessages(params));
    }

    /** As {@link #addAiAssistantMessages(String, ActionAddAiAssistantMessagesParams)} with an empty body. */
    public ActionAddAiAssistantMessagesResponse addAiAssistantMessages(String callControlId) {
        return await(async.addAiAssistantMessages(callControlId));
    }

    /** Answers an incoming call; call.answered follows. */
    public ActionAnswerResponse answer(String callControlId, ActionAnswerParams params) {
        return await(async.answer(callControlId, params));
    }

    /** As {@link #answer(String, ActionAnswerParams)} with the call_control_id taken from the params. */
    public ActionAnswerResponse answer(ActionAnswerParams params) {
        return await(async.answer(params));
    }

    /** As {@link #answer(String, ActionAnswerParams)} with an empty body. */
    public ActionAnswerResponse answer(String callControlId) {
        return await(async.answer(callControlId));
    }

    /** Hangs up the call; call.hangup follows. */
    public ActionHangupResponse hangup(String callControlId, ActionHangupParams params) {
        return await(async.hangup(callControlId, params));
    }

    /** As {@link #hangup(String, ActionHangupParams)} with the call_control_id taken from the params. */
    public ActionHangupResponse hangup(ActionHangupParams params) {
        return await(async.hangup(params));
    }

    /** As {@link #hangup(String, ActionHangupParams)} with an empty body. */
    public ActionHangupResponse hangup(String callControlId) {
        return await(async.hangup(callControlId));
    }

    /** Plays audio on the call; call.playback.started and call.playback.ended follow. */
    public ActionStartPlaybackResponse startPlayback(String callControlId, ActionStartPlaybackParams params) {
        return await(async.startPlayback(callControlId, params));
    }

    /** As {@link #startPlayback(String, ActionStartPlaybackParams)} with the call_control_id taken from the params. */
    public ActionStartPlaybackResponse startPlayback(ActionStartPlaybackParams params) {
        return await(async.startPlayback(params));
    }

    /** As {@link #startPlayback(String, ActionStartPlaybackParams)} with an empty body. */
    public ActionStartPlaybackResponse startPlayback(String callControlId) {
        return await(async.startPlayback(callControlId));
    }

    /** Stops audio playback. */
    public ActionStopPlaybackResponse stopPlayback(String callControlId, ActionStopPlaybackParams params) {
        return await(async.stopPlayback(callControlId, params));
    }

    /** As {@link #stopPlayback(String, ActionStopPlaybackParams)} with the call_control_id taken from the params. */
    public ActionStopPlaybackResponse stopPlayback(ActionStopPlaybackParams params) {
        return await(async.stopPlayback(params));
    }

    /** As {@link #stopPlayback(String, ActionStopPlaybackParams)} with an empty body. */
    public ActionStopPlaybackResponse stopPlayback(String callControlId) {
        return await(async.stopPlayback(callControlId));
    }

    /** Sends DTMF keys to the caller, after any keys still being sent; no webhooks follow. */
    public ActionSendDtmfResponse sendDtmf(String callControlId, ActionSendDtmfParams params) {
        return await(async.sendDtmf(callControlId, params));
    }

    /** As {@link #sendDtmf(String, ActionSendDtmfParams)} with the call_control_id taken from the params. */
    public ActionSendDtmfResponse sendDtmf(ActionSendDtmfParams params) {
        return await(async.sendDtmf(params));
    }

    /** Speaks text on the call; call.speak.started and call.speak.ended follow. */
    public ActionSpeakResponse speak(String callControlId, ActionSpeakParams params) {
        return await(async.speak(callControlId, params));
    }

    /** As {@link #speak(String, ActionSpeakParams)} with the call_control_id taken from the params. */
    public ActionSpeakResponse speak(ActionSpeakParams params) {
        return await(async.speak(params));
    }

    /** Replaces the client_state echoed in later webhooks, without any other action. */
    public ActionUpdateClientStateResponse updateClientState(String callControlId, ActionUpdateClientStateParams params) {
        return await(async.updateClientState(callControlId, params));
    }

    /** As {@link #updateClientState(String, ActionUpdateClientStateParams)} with the call_control_id taken from the params. */
    public ActionUpdateClientStateResponse updateClientState(ActionUpdateClientStateParams params) {
        return await(async.updateClientState(params));
    }
}
