package io.voicegather.server.ai.stt;

import java.util.concurrent.CompletableFuture;

/**
 * A speech recogniser: one caller utterance in, its text out. Implementations never block the caller's thread;
 * a future that fails carries a {@link io.voicegather.server.ai.ProviderException} saying what went wrong.
 */
public interface SpeechToText {

    /** The model name reported as {@code stt_model} in {@code call.conversation.ended}. */
    String modelName();

    CompletableFuture<Transcript> transcribe(Utterance utterance);
}
