package io.voicegather.server.config;

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
}
