package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;
import io.voicegather.server.media.play.PcmAudio;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a {@link Conversation} needs from its call. Every method is called on the call's strand; every callback
 * and every task it is given must be run on that strand too.
 */
public interface ConversationHost {

    /** Speech for the caller in the conversation's voice (the built-in voice when the configured one fails). */
    CompletableFuture<PcmAudio> render(String text);

    /** Plays on the call; {@code finished} hears true when it played out, false when it was stopped. */
    void play(PcmAudio audio, Consumer<Boolean> finished);

    void stopPlaying();

    /** Transcribes an utterance; a failed future carries a {@link io.voicegather.server.ai.ProviderException}. */
    CompletableFuture<Transcript> transcribe(Utterance utterance);

    /** Runs {@code task} on the strand after {@code delayMillis}; the handle cancels it. */
    Runnable schedule(long delayMillis, Runnable task);

    /** Runs {@code task} on the strand (to come back from another thread). */
    void execute(Runnable task);

    long nowMillis();

    /** The call is to be hung up (after the conversation has ended and reported). */
    void hangUp();

    // ---- webhooks

    void historyUpdated(List<AiMessage> history);

    void partialResults(ObjectNode partial, List<AiMessage> history);

    void gatherEnded(ObjectNode result, String status, String detail, List<AiMessage> history);

    void conversationEnded(String reason, long durationMillis, String llmModel);
}
