package io.voicegather.server.config;

import io.voicegather.server.call.CallSettings;
import io.voicegather.server.sip.SipAdmissionSettings;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.Dialect;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
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
    void sipAdmissionDefaultsAreTheDocumentedOnesAndEveryLimitIsAnOption() throws Exception {
        SipAdmissionSettings d = ConfigLoader.load(new String[0], Map.of()).sipAdmission();
        assertThat(d).isEqualTo(SipAdmissionSettings.DEFAULTS);
        assertThat(d.allow().allowsEveryone()).isTrue();
        assertThat(d.invitesPerSecondPerSource()).isEqualTo(200);
        assertThat(d.inviteBurstPerSource()).isEqualTo(400);
        assertThat(d.maxUnansweredCalls()).isEqualTo(1000);
        assertThat(d.maxTcpConnections()).isEqualTo(4096);
        assertThat(d.maxTcpConnectionsPerSource()).isEqualTo(256);
        assertThat(d.tcpIdleTimeout()).isEqualTo(Duration.ofMinutes(5));

        SipAdmissionSettings s = ConfigLoader.load(new String[]{"--sip-allow", "10.0.0.0/8, 2001:db8::/32",
                "--sip-invites-per-second", "7", "--sip-invite-burst", "9", "--sip-max-unanswered-calls", "11",
                "--sip-tcp-max-connections", "13", "--sip-tcp-max-connections-per-source", "3",
                "--sip-tcp-idle-timeout-seconds", "30"}, Map.of()).sipAdmission();
        assertThat(s.allow().allows(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(s.allow().allows(InetAddress.getByName("2001:db8::7"))).isTrue();
        assertThat(s.allow().allows(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(s).isEqualTo(new SipAdmissionSettings(s.allow(), 7, 9, 11, 13, 3, Duration.ofSeconds(30)));
        assertThat(ConfigLoader.load(new String[0], Map.of("VOICEGATHER_SIP_ALLOW", "192.0.2.0/24")).sipAdmission()
                .allow().allows(InetAddress.getByName("192.0.2.200"))).isTrue();
    }

    @Test
    void badSipAdmissionValuesAreClearErrors() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--sip-allow", "10.0.0.0/8, sip.example.com"},
                Map.of())).hasMessage("--sip-allow: 'sip.example.com' is not an IPv4 or IPv6 address block such as"
                + " 10.0.0.0/8 or 2001:db8::/32");
        for (String option : List.of("sip-invites-per-second", "sip-invite-burst", "sip-max-unanswered-calls",
                "sip-tcp-max-connections", "sip-tcp-max-connections-per-source", "sip-tcp-idle-timeout-seconds")) {
            assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--" + option, "0"}, Map.of()))
                    .hasMessageContaining("--" + option + " must be positive");
        }
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--sip-invite-burst", "3000000000"}, Map.of()))
                .hasMessageContaining("--sip-invite-burst must be at most");
    }

    @Test
    void theDatabaseIsSqliteInTheDataFolderUnlessAPostgresUrlIsGiven() {
        assertThat(ConfigLoader.load(new String[0], Map.of()).database()).isEqualTo(DatabaseSettings.EMBEDDED);
        DatabaseSettings pg = ConfigLoader.load(new String[]{"--database-url", "jdbc:postgresql://db:5432/vg",
                "--database-user", "vg"}, Map.of("VOICEGATHER_DATABASE_PASSWORD", "s3cret")).database();
        assertThat(pg).isEqualTo(new DatabaseSettings("jdbc:postgresql://db:5432/vg", "vg", "s3cret"));
        assertThat(pg.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(pg.toString()).as("never shows the password").doesNotContain("s3cret");
    }

    @Test
    void badDatabaseValuesAreClearErrors() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--database-url", "jdbc:mysql://db/vg"}, Map.of()))
                .hasMessageContaining("--database-url must start with jdbc:postgresql://");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--database-url", "postgres://db/vg"}, Map.of()))
                .hasMessageContaining("--database-url must start with jdbc:postgresql://");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--database-user", "vg"}, Map.of()))
                .hasMessageContaining("--database-user and --database-password need --database-url");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("VOICEGATHER_DATABASE_PASSWORD", "x")))
                .hasMessageContaining("need --database-url");
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
