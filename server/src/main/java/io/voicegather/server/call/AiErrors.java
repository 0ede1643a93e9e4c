package io.voicegather.server.call;

import io.voicegather.api.error.ApiError;

/** The 422s of the voice AI commands that depend on what the server is configured with, or on the call's state. */
final class AiErrors {
    private AiErrors() {
    }

    static ApiError noLanguageModel() {
        return new ApiError(422, "10015", "Invalid value",
                "No language model is configured: start the server with --llm-url (an OpenAI-compatible chat "
                        + "completions server such as Ollama) to run an AI assistant.", null);
    }

    static ApiError noAssistant() {
        return new ApiError(422, "90062", "No AI assistant running",
                "There is no AI assistant running on this call; start one with ai_assistant_start.", null);
    }
}
