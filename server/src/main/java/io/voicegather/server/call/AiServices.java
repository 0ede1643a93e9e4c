package io.voicegather.server.call;

import io.voicegather.server.ai.assistants.StoredAssistant;
import io.voicegather.server.ai.llm.LanguageModel;
import io.voicegather.server.ai.slots.SlotFiller;
import io.voicegather.server.ai.stt.SpeechToText;
import io.voicegather.server.ai.vad.VadSettings;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What voice AI conversations use, as configured: the recogniser and the language model (each may be absent), the
 * built-in voice to fall back on, the assistants defined on the server, and the client for webhook tools.
 *
 * @param builtInSpeech  renders with the built-in offline voice (used when the configured voice fails)
 * @param assistants     an assistant id to its stored definition, if there is one
 * @param maxTries       how many times a gather asks for one field before it gives up
 */
public record AiServices(Optional<SpeechToText> speechToText,
                         Optional<LanguageModel> languageModel,
                         PromptLoader builtInSpeech,
                         Function<String, Optional<StoredAssistant>> assistants,
                         HttpClient toolHttp,
                         Duration toolTimeout,
                         SlotFiller slotFiller,
                         VadSettings vad,
                         int maxTries) {

    public static final int DEFAULT_MAX_TRIES = 3;

    public AiServices withProviders(Optional<SpeechToText> stt, Optional<LanguageModel> llm) {
        return new AiServices(stt, llm, builtInSpeech, assistants, toolHttp, toolTimeout, slotFiller, vad, maxTries);
    }

    public AiServices withAssistants(Function<String, Optional<StoredAssistant>> byId) {
        return new AiServices(speechToText, languageModel, builtInSpeech, byId, toolHttp, toolTimeout, slotFiller, vad,
                maxTries);
    }

    /** No recogniser, no model: keypad-only gathers, no assistant. */
    public static AiServices offline(PromptLoader builtInSpeech) {
        return new AiServices(Optional.empty(), Optional.empty(), builtInSpeech, id -> Optional.empty(),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(),
                Duration.ofSeconds(10), new SlotFiller(), VadSettings.defaults(), DEFAULT_MAX_TRIES);
    }
}
