package io.voicegather.server.call;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CallStatus;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.GatherCommand;
import io.voicegather.api.command.GatherUsingAudioCommand;
import io.voicegather.api.command.GatherUsingSpeakCommand;
import io.voicegather.api.command.HangupCommand;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.PlaybackStopCommand;
import io.voicegather.api.command.SendDtmfCommand;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.api.command.ai.AiAssistantAddMessagesCommand;
import io.voicegather.api.command.ai.AiAssistantStartCommand;
import io.voicegather.api.command.ai.GatherUsingAiCommand;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;

/**
 * What the REST surface asks of the calls. Every method either returns (the command was accepted:
 * the HTTP answer is {@code {"data":{"result":"ok"}}}) or throws
 * {@link io.voicegather.api.error.ApiException} (unknown id 90015, ended 90018, not answered 90034, ...).
 * The id is the already percent-decoded call_control_id.
 */
public interface CallControl {
    void answer(String callControlId, AnswerCommand command);

    void hangup(String callControlId, HangupCommand command);

    void gather(String callControlId, GatherCommand command);

    void gatherStop(String callControlId, CommandMeta meta);

    void clientStateUpdate(String callControlId, String clientState);

    CallStatus retrieve(String callControlId);

    /*
     * The prompt commands. Their defaults answer 404 10007 so that a call layer without prompts behaves as if
     * the action did not exist; an implementation that plays audio overrides them.
     */

    default void gatherUsingAudio(String callControlId, GatherUsingAudioCommand command) {
        throw notAvailable("gather_using_audio");
    }

    default void gatherUsingSpeak(String callControlId, GatherUsingSpeakCommand command) {
        throw notAvailable("gather_using_speak");
    }

    default void playbackStart(String callControlId, PlaybackStartCommand command) {
        throw notAvailable("playback_start");
    }

    default void playbackStop(String callControlId, PlaybackStopCommand command) {
        throw notAvailable("playback_stop");
    }

    default void speak(String callControlId, SpeakCommand command) {
        throw notAvailable("speak");
    }

    /** Sends the digits to the caller after any send_dtmf still sounding; no webhooks. */
    default void sendDtmf(String callControlId, SendDtmfCommand command) {
        throw notAvailable("send_dtmf");
    }

    /*
     * The voice AI commands. gather_using_ai and ai_assistant_start answer the new conversation's id
     * ({"data":{"result":"ok","conversation_id":...}}).
     */

    default String gatherUsingAi(String callControlId, GatherUsingAiCommand command) {
        throw notAvailable("gather_using_ai");
    }

    default String aiAssistantStart(String callControlId, AiAssistantStartCommand command) {
        throw notAvailable("ai_assistant_start");
    }

    default void aiAssistantStop(String callControlId, CommandMeta meta) {
        throw notAvailable("ai_assistant_stop");
    }

    default void aiAssistantAddMessages(String callControlId, AiAssistantAddMessagesCommand command) {
        throw notAvailable("ai_assistant_add_messages");
    }

    private static ApiException notAvailable(String action) {
        return new ApiException(new ApiError(404, "10007", "Resource not found",
                action + " is not available on this server yet", null));
    }
}
