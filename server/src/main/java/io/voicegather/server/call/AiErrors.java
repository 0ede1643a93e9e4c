package io.voicegather.server.call;

import io.voicegather.api.error.ApiError;

/** The 422s of the voice AI commands that depend on what the server is configured with, or on the call's state. */
final class AiErrors {
    private AiErrors() {
    }

    static ApiError noSpeechRecogniser() {
        return new ApiError(422, "10032", "Invalid value",
                "No speech recogniser is configured: start the server with --stt-url (an OpenAI-compatible "
                        + "transcription server) or --vosk-model (a Vosk model folder), or ask only for fields that "
                        + "can be answered on the keypad (integer, number, boolean, enum of up to 9 values).",
                null);
    }

    static ApiError noLanguageModel() {
        return new ApiError(422, "10032", "Invalid value",
                "No language model is configured: start the server with --llm-url (an OpenAI-compatible chat "
                        + "completions server such as Ollama) to run an AI assistant.", null);
    }

    static ApiError assistantRunning() {
        return new ApiError(422, "90061", "AI assistant already running",
                "An AI assistant is already running on this call; stop it with ai_assistant_stop first.", null);
    }

    static ApiError noAssistant() {
        return new ApiError(422, "90062", "No AI assistant running",
                "There is no AI assistant running on this call; start one with ai_assistant_start.", null);
    }
}
