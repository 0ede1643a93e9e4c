package io.voicegather.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where speech recognition and the language model come from. Each remote provider is an OpenAI-compatible server;
 * a null URL means that provider is not configured.
 *
 * @param sttUrl      speech-to-text server root ({@code POST {url}/v1/audio/transcriptions}), or null
 * @param sttApiKey   Bearer key for it, or null
 * @param sttModel    model asked of it ({@code whisper-1} for OpenAI; ignored by whisper.cpp)
 * @param sttTimeout  limit for one transcription request
 * @param voskModel   folder of an unpacked Vosk model, used when no {@code sttUrl} is set; null for none
 * @param llmUrl      chat-completions server root ({@code POST {url}/v1/chat/completions}), or null
 * @param llmApiKey   Bearer key for it, or null
 * @param llmModel    model used when a request names none
 * @param llmTimeout  limit for one completion request
 * @param assistantsFile JSON file of assistant definitions ({@code docs/ai-assistants.md}), or null for none
 */
public record AiSettings(String sttUrl, String sttApiKey, String sttModel, Duration sttTimeout, Path voskModel,
                         String llmUrl, String llmApiKey, String llmModel, Duration llmTimeout,
                         Path assistantsFile) {

    /** Nothing configured: no recogniser, no language model (the defaults' timeouts and model names). */
    public static AiSettings none() {
        return new AiSettings(null, null, "whisper-1", Duration.ofMillis(8000), null,
                null, null, "gpt-4o-mini", Duration.ofMillis(10000), null);
    }
}
