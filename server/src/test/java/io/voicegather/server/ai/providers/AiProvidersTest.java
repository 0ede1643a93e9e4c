package io.voicegather.server.ai.providers;

import io.voicegather.server.ai.AiProviders;
import io.voicegather.server.ai.llm.ChatMessage;
import io.voicegather.server.ai.llm.ChatRequest;
import io.voicegather.server.ai.llm.OpenAiChatModel;
import io.voicegather.server.ai.stt.OpenAiTranscriber;
import io.voicegather.server.ai.stt.Utterance;
import io.voicegather.server.config.AiSettings;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.peers.FakeAiServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** From configuration to working providers, the configuration read the way the server reads it. */
class AiProvidersTest {

    private static AiSettings settings(String... args) {
        return ConfigLoader.load(args, Map.of()).ai();
    }

    @Test
    void nothingConfiguredMeansNoProviders() {
        try (AiProviders ai = AiProviders.from(settings())) {
            assertThat(ai.speechToText()).isEmpty();
            assertThat(ai.languageModel()).isEmpty();
            assertThat(ai.describe()).isEqualTo("speech-to-text: none; language model: none");
        }
    }

    @Test
    void urlsGiveHttpProvidersThatTalkToTheServer() throws Exception {
        try (FakeAiServer fake = FakeAiServer.start();
             AiProviders ai = AiProviders.from(settings("--stt-url", fake.baseUrl(), "--stt-api-key", "s1",
                     "--stt-model", "Systran/faster-whisper-small", "--llm-url", fake.baseUrl(),
                     "--llm-api-key", "l1", "--llm-model", "llama3.1"))) {
            fake.enqueueTranscripts("yes please").enqueueChatTexts("Thanks!");
            assertThat(ai.speechToText()).containsInstanceOf(OpenAiTranscriber.class);
            assertThat(ai.languageModel()).containsInstanceOf(OpenAiChatModel.class);
            assertThat(ai.speechToText().get().modelName()).isEqualTo("Systran/faster-whisper-small");
            assertThat(ai.languageModel().get().defaultModel()).isEqualTo("llama3.1");
            assertThat(ai.describe()).isEqualTo("speech-to-text: " + fake.baseUrl()
                    + " (Systran/faster-whisper-small); language model: " + fake.baseUrl() + " (llama3.1)");
            assertThat(ai.describe()).doesNotContain("s1").doesNotContain("l1");

            assertThat(ai.speechToText().get().transcribe(new Utterance(new short[1600], "en", null))
                    .get(10, TimeUnit.SECONDS).text()).isEqualTo("yes please");
            assertThat(ai.languageModel().get().complete(new ChatRequest(null, List.of(ChatMessage.user("hi")), null,
                    null)).get(10, TimeUnit.SECONDS).content()).isEqualTo("Thanks!");
            assertThat(fake.awaitSttRequest(1, Duration.ofSeconds(5)).authorization()).isEqualTo("Bearer s1");
            assertThat(fake.awaitChatRequest(1, Duration.ofSeconds(5)).authorization()).isEqualTo("Bearer l1");
        }
    }

    @Test
    void aSpeechUrlWinsOverAVoskFolderWhichIsThenNotOpened(@TempDir Path dir) throws Exception {
        try (FakeAiServer fake = FakeAiServer.start();
             AiProviders ai = AiProviders.from(settings("--stt-url", fake.baseUrl(),
                     "--vosk-model", dir.resolve("missing").toString()))) {
            assertThat(ai.speechToText()).containsInstanceOf(OpenAiTranscriber.class);
            assertThat(ai.describe()).contains("vosk-model ignored");
        }
    }

    @Test
    void aBadVoskFolderStopsStartWithAClearMessage(@TempDir Path dir) {
        Path missing = dir.resolve("vosk-model-small-en-us-0.15");
        assertThatThrownBy(() -> AiProviders.from(settings("--vosk-model", missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--vosk-model " + missing + ": no such folder");
    }

    @Test
    void givenProvidersAreHeldAsGiven() {
        try (AiProviders ai = AiProviders.of(null, null)) {
            assertThat(ai.speechToText()).isEmpty();
            assertThat(ai.describe()).isEqualTo("speech-to-text: none; language model: none");
        }
    }
}
