package io.voicegather.server.config;

import io.voicegather.server.call.CallSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @Test
    void defaultsMatchTheDocumentedOnes() {
        ServerConfig c = ConfigLoader.load(new String[0], Map.of());
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.sipPort()).isEqualTo(5060);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(c.rtpPortMin()).isEqualTo(20000);
        assertThat(c.rtpPortMax()).isEqualTo(29999);
        assertThat(c.webhookTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.webhookUrl()).isNull();
        assertThat(c.apiKeys()).isEmpty();
        assertThat(c.commandWait()).as("the call layer's own default").isEqualTo(CallSettings.DEFAULT_COMMAND_WAIT);
    }

    @Test
    void theCommandWaitIsAnOption() {
        assertThat(ConfigLoader.load(new String[]{"--command-wait-millis", "1500"}, Map.of()).commandWait())
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(ConfigLoader.load(new String[0], Map.of("VOICEGATHER_COMMAND_WAIT_MILLIS", "250")).commandWait())
                .isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--command-wait-millis", "0"}, Map.of()))
                .hasMessageContaining("--command-wait-millis");
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverDefaults() {
        ServerConfig c = ConfigLoader.load(
                new String[]{"--http-port", "9090", "--api-key=a, b", "--rtp-ports", "30000-30100"},
                Map.of("VOICEGATHER_HTTP_PORT", "7070", "VOICEGATHER_SIP_PORT", "5070",
                        "VOICEGATHER_WEBHOOK_URL", "http://127.0.0.1:1/hook"));
        assertThat(c.httpPort()).isEqualTo(9090);
        assertThat(c.sipPort()).isEqualTo(5070);
        assertThat(c.apiKeys()).isEqualTo(List.of("a", "b"));
        assertThat(c.rtpPortMin()).isEqualTo(30000);
        assertThat(c.rtpPortMax()).isEqualTo(30100);
        assertThat(c.webhookUrl()).isEqualTo("http://127.0.0.1:1/hook");
    }

    @Test
    void badValuesAreClearErrors() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--http-port", "x"}, Map.of()))
                .hasMessageContaining("--http-port");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--nope", "1"}, Map.of()))
                .hasMessageContaining("unknown option --nope");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--rtp-ports", "300-200"}, Map.of()))
                .hasMessageContaining("--rtp-ports");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--sip-port"}, Map.of()))
                .hasMessageContaining("needs a value");
    }

    @Test
    void aiProvidersAreOffByDefaultWithTheDocumentedModelsAndTimeouts() {
        AiSettings ai = ConfigLoader.load(new String[0], Map.of()).ai();
        assertThat(ai.sttUrl()).isNull();
        assertThat(ai.sttApiKey()).isNull();
        assertThat(ai.sttModel()).isEqualTo("whisper-1");
        assertThat(ai.sttTimeout()).isEqualTo(Duration.ofMillis(8000));
        assertThat(ai.voskModel()).isNull();
        assertThat(ai.llmUrl()).isNull();
        assertThat(ai.llmApiKey()).isNull();
        assertThat(ai.llmModel()).isEqualTo("gpt-4o-mini");
        assertThat(ai.llmTimeout()).isEqualTo(Duration.ofMillis(10000));
        assertThat(ai).isEqualTo(AiSettings.none());
    }

    @Test
    void aiOptionsComeFromFlagsAndEnvironment() {
        AiSettings ai = ConfigLoader.load(new String[]{"--stt-url", "http://127.0.0.1:8178", "--stt-model", "base.en",
                        "--llm-url=http://127.0.0.1:11434", "--llm-model", "llama3.1", "--llm-timeout-millis", "15000",
                        "--vosk-model", "/opt/vosk/model"},
                Map.of("VOICEGATHER_STT_API_KEY", "sk-stt", "VOICEGATHER_LLM_API_KEY", "sk-llm",
                        "VOICEGATHER_STT_TIMEOUT_MILLIS", "3000")).ai();
        assertThat(ai.sttUrl()).isEqualTo("http://127.0.0.1:8178");
        assertThat(ai.sttModel()).isEqualTo("base.en");
        assertThat(ai.sttApiKey()).isEqualTo("sk-stt");
        assertThat(ai.sttTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ai.voskModel()).isEqualTo(Path.of("/opt/vosk/model"));
        assertThat(ai.llmUrl()).isEqualTo("http://127.0.0.1:11434");
        assertThat(ai.llmApiKey()).isEqualTo("sk-llm");
        assertThat(ai.llmModel()).isEqualTo("llama3.1");
        assertThat(ai.llmTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void badAiValuesAreClearErrors() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--stt-url", "127.0.0.1:8178"}, Map.of()))
                .hasMessageContaining("--stt-url must be an http:// or https:// URL");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--llm-url", "localhost:11434"}, Map.of()))
                .hasMessageContaining("--llm-url");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--stt-timeout-millis", "0"}, Map.of()))
                .hasMessageContaining("--stt-timeout-millis must be positive");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--llm-timeout-millis", "soon"}, Map.of()))
                .hasMessageContaining("--llm-timeout-millis must be a whole number");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--llm-model", " "}, Map.of()))
                .hasMessageContaining("--llm-model must not be empty");
    }
}
