package io.voicegather.server.ai.llm;

import java.util.concurrent.CompletableFuture;

/**
 * A chat language model (an OpenAI-compatible {@code /v1/chat/completions} server, or a test double of one).
 * Never blocks the caller's thread; a future that fails carries a {@link io.voicegather.server.ai.ProviderException}.
 */
public interface LanguageModel {

    /** The model used when a request names none; reported as {@code llm_model}. */
    String defaultModel();

    CompletableFuture<ChatReply> complete(ChatRequest request);
}
