package io.voicegather.server.ai;

import io.voicegather.server.ai.llm.LanguageModel;
import io.voicegather.server.ai.llm.OpenAiChatModel;
import io.voicegather.server.ai.stt.OpenAiTranscriber;
import io.voicegather.server.ai.stt.SpeechToText;
import io.voicegather.server.ai.stt.VoskTranscriber;
import io.voicegather.server.config.AiSettings;

import java.net.URI;
import java.util.Optional;

/**
 * The speech recogniser and language model the configuration asks for, built once at start and closed at stop.
 * Speech-to-text: the HTTP server when {@code stt-url} is set, else Vosk when {@code vosk-model} is set, else none.
 * Language model: the chat server when {@code llm-url} is set, else none.
 */
public final class AiProviders implements AutoCloseable {
    private final SpeechToText speechToText;
    private final LanguageModel languageModel;
    private final String description;

    private AiProviders(SpeechToText speechToText, LanguageModel languageModel, String description) {
        this.speechToText = speechToText;
        this.languageModel = languageModel;
        this.description = description;
    }

    /**
     * Builds the providers. Opening a Vosk model loads it (seconds for a small model).
     *
     * @throws IllegalArgumentException when the Vosk model folder is missing or unusable (the message says why)
     */
    public static AiProviders from(AiSettings settings) {
        SpeechToText stt = null;
        String sttText;
        if (settings.sttUrl() != null) {
            stt = new OpenAiTranscriber(new OpenAiTranscriber.Config(URI.create(settings.sttUrl()),
                    settings.sttApiKey(), settings.sttModel(), settings.sttTimeout()));
            sttText = settings.sttUrl() + " (" + settings.sttModel() + ")"
                    + (settings.voskModel() != null ? ", vosk-model ignored" : "");
        } else if (settings.voskModel() != null) {
            VoskTranscriber vosk = VoskTranscriber.open(settings.voskModel());
            stt = vosk;
            sttText = "Vosk, model " + vosk.folder();
        } else {
            sttText = "none";
        }
        LanguageModel llm = null;
        String llmText = "none";
        if (settings.llmUrl() != null) {
            llm = new OpenAiChatModel(new OpenAiChatModel.Config(URI.create(settings.llmUrl()), settings.llmApiKey(),
                    settings.llmModel(), settings.llmTimeout()));
            llmText = settings.llmUrl() + " (" + settings.llmModel() + ")";
        }
        return new AiProviders(stt, llm, "speech-to-text: " + sttText + "; language model: " + llmText);
    }

    /** Given providers (tests, or a caller that builds its own); closing closes those that are AutoCloseable. */
    public static AiProviders of(SpeechToText speechToText, LanguageModel languageModel) {
        return new AiProviders(speechToText, languageModel, "speech-to-text: "
                + (speechToText == null ? "none" : speechToText.modelName()) + "; language model: "
                + (languageModel == null ? "none" : languageModel.defaultModel()));
    }

    public Optional<SpeechToText> speechToText() {
        return Optional.ofNullable(speechToText);
    }

    public Optional<LanguageModel> languageModel() {
        return Optional.ofNullable(languageModel);
    }

    /** One line for the startup log, e.g. {@code speech-to-text: http://127.0.0.1:8178 (whisper-1); language model: none}. */
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /** Frees the providers' threads and the Vosk model. */
    @Override
    public void close() {
        closeQuietly(speechToText);
        closeQuietly(languageModel);
    }

    private static void closeQuietly(Object provider) {
        if (provider instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // stopping anyway: nothing useful to do with it
            }
        }
    }
}
