package io.voicegather.server.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --demo: off by default, a switch that may stand alone, an environment variable, and never beside a webhook URL. */
class DemoOptionTest {
    @Test
    void offByDefault() {
        assertThat(ConfigLoader.load(new String[0], Map.of()).demo()).isFalse();
    }

    @Test
    void theFlagAloneTurnsItOnWhereverItStands() {
        assertThat(ConfigLoader.load(new String[]{"--demo"}, Map.of()).demo()).isTrue();
        ServerConfig c = ConfigLoader.load(new String[]{"--demo", "--http-port", "9000"}, Map.of());
        assertThat(c.demo()).isTrue();
        assertThat(c.httpPort()).as("the next flag is not taken as the value").isEqualTo(9000);
    }

    @Test
    void anExplicitValueAndTheEnvironmentWork() {
        assertThat(ConfigLoader.load(new String[]{"--demo", "false"}, Map.of()).demo()).isFalse();
        assertThat(ConfigLoader.load(new String[]{"--demo=true"}, Map.of()).demo()).isTrue();
        assertThat(ConfigLoader.load(new String[0], Map.of("VOICEGATHER_DEMO", "true")).demo()).isTrue();
        assertThat(ConfigLoader.load(new String[]{"--demo=false"}, Map.of("VOICEGATHER_DEMO", "true")).demo())
                .as("a flag wins over the environment").isFalse();
    }

    @Test
    void otherSwitchesStillTakeTheirValueAsBefore() {
        assertThat(ConfigLoader.load(new String[]{"--audio-url-block-private", "true"}, Map.of())
                .audioUrlBlockPrivate()).isTrue();
        assertThat(ConfigLoader.load(new String[]{"--audio-url-block-private", "--demo"}, Map.of())
                .audioUrlBlockPrivate()).isTrue();
    }

    @Test
    void aWebhookUrlBesideItIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--demo", "--webhook-url", "http://127.0.0.1:3000/w"},
                Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--demo").hasMessageContaining("--webhook-url must be left unset");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--demo"},
                Map.of("VOICEGATHER_WEBHOOK_FAILOVER_URL", "http://127.0.0.1:3001/w")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--webhook-failover-url");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--demo", "maybe"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unexpected argument 'maybe'");
    }
}
