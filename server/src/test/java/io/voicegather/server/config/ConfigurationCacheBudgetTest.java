package io.voicegather.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The disk budgets of the prompt caches: --tts-cache-max-mb and --audio-cache-max-mb. */
class ConfigurationCacheBudgetTest {
    @Test
    void bothDefaultTo512MiB() {
        ServerConfig c = ConfigLoader.load(new String[0], Map.of());
        assertThat(c.ttsCacheMaxBytes()).isEqualTo(512L << 20);
        assertThat(c.audioCacheMaxBytes()).isEqualTo(512L << 20);
    }

    @Test
    void flagsAndEnvironmentAreReadInMiBAndZeroIsAllowed() {
        ServerConfig c = ConfigLoader.load(new String[]{"--tts-cache-max-mb=0"},
                Map.of("VOICEGATHER_AUDIO_CACHE_MAX_MB", "3", "VOICEGATHER_TTS_CACHE_MAX_MB", "9"));
        assertThat(c.ttsCacheMaxBytes()).isZero();
        assertThat(c.audioCacheMaxBytes()).isEqualTo(3L << 20);
    }

    @Test
    void negativeHugeOrNonNumericValuesAreClearErrors() {
        for (String bad : new String[]{"-1", "lots", "1.5", String.valueOf(Long.MAX_VALUE)}) {
            assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--audio-cache-max-mb", bad}, Map.of()))
                    .as(bad).hasMessageContaining("--audio-cache-max-mb");
            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("VOICEGATHER_TTS_CACHE_MAX_MB", bad)))
                    .as(bad).hasMessageContaining("--tts-cache-max-mb");
        }
    }
}
