package io.voicegather.server.call;

import io.voicegather.api.command.ai.AiAssistantAddMessagesCommand;
import io.voicegather.api.command.ai.AiAssistantStartCommand;
import io.voicegather.api.command.ai.GatherUsingAiCommand;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.server.ai.assistants.AssistantDefinition;
import io.voicegather.server.ai.conversation.Conversation;
import io.voicegather.server.ai.schema.ParametersSchema;

import java.util.Optional;

/**
 * The voice AI conversation (an AI gather or an assistant) holding a call's line, if any: who may take the line from
 * it, and the hand-over back to queued playbacks when it ends.
 *
 * <p>Threading: the call's strand only; the conversation reports its end there too.
 *
 * <p>Lifecycle: at most one conversation at a time. Starting one suspends the call's player; its end resumes the
 * player unless a gather holds the line by then.
 */
final class CallConversation {
    private final Call call;
    private final ConversationStarter starter;
    private final CallGather gather;
    /** Hangs the call up when the assistant asks to. */
    private final Runnable hangUp;

    private Conversation running;

    CallConversation(Call call, ConversationStarter starter, CallGather gather, Runnable hangUp) {
        this.call = call;
        this.starter = starter;
        this.gather = gather;
        this.hangUp = hangUp;
    }

    /** A gather command takes the line: refused while an assistant talks, and it replaces an AI gather. */
    void takeLineForGather() {
        refuseIfAssistantRunning();
        stopRunning("replaced");
    }

    /** An assistant does not replace another assistant. */
    void refuseIfAssistantRunning() {
        if (running != null && !running.isGather()) {
            throw new ApiException(ApiError.aiAssistantAlreadyRunning());
        }
    }

    /** Starts a gather_using_ai; the line must have been taken for it. */
    String startGather(GatherUsingAiCommand command, ParametersSchema schema) {
        return begin(starter.gather(call, command, schema, c -> hangUp.run(), this::over));
    }

    /** Starts an assistant, replacing an AI gather that holds the line. */
    String startAssistant(AiAssistantStartCommand command, Optional<AssistantDefinition> stored) {
        stopRunning("replaced");
        return begin(starter.assistant(call, command, stored, c -> hangUp.run(), this::over));
    }

    /** gather_stop: ends an AI gather, not an assistant. */
    void stopGather() {
        if (running != null && running.isGather()) {
            running.stop("gather_stop");
        }
    }

    /** ai_assistant_stop: ends an assistant, not an AI gather; stopping what is not running changes nothing. */
    void stopAssistant() {
        if (running != null && !running.isGather()) {
            running.stop("assistant_stop");
        }
    }

    /** Refused when no assistant runs, before anything else changes. */
    void requireAssistant() {
        if (running == null || running.isGather()) {
            throw new ApiException(ApiError.noAiAssistantRunning());
        }
    }

    void addMessages(AiAssistantAddMessagesCommand command) {
        running.addMessages(command.messages(), command.triggerResponse());
    }

    void onKey(char digit) {
        if (running != null) {
            running.onKey(digit);
        }
    }

    /** The call ended: the conversation ends for the call's reason. */
    void callEnded(HangupReason reason) {
        stopRunning(reason.conversationEndReason());
    }

    private void stopRunning(String reason) {
        if (running != null) {
            running.stop(reason);
        }
    }

    private String begin(Conversation conversation) {
        call.lastConversationId = conversation.id();
        call.player.suspend(); // the conversation owns the line; queued playbacks wait for its end
        running = conversation;
        conversation.start();
        return conversation.id();
    }

    /** The conversation has reported its end: the line is free again. */
    private void over() {
        call.capture = null;
        running = null;
        if (call.player != null && call.state == CallState.ANSWERED && !gather.isRunning()) {
            call.player.resume();
        }
    }
}
