package io.voicegather.client.models.webhooks;

/** An event about one call; its common payload fields are in {@link #call()}. */
public sealed interface CallEvent extends WebhookEvent
        permits CallInitiated, CallAnswered, CallHangup, CallDtmfReceived, CallGatherEnded, CallPlaybackStarted,
        CallPlaybackEnded, CallSpeakStarted, CallSpeakEnded, CallAiGatherEnded, CallAiGatherPartialResults,
        CallAiGatherMessageHistoryUpdated, CallConversationEnded {
    CallInfo call();
}
