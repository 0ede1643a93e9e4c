package io.voicegather.examples;

import io.voicegather.client.VoicegatherClient;
import io.voicegather.client.errors.UnprocessableEntityException;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every seed example reaches the real server and is checked there: with no such call the server answers 422 (90015
 * for an unknown call, or the validation error of the guide's placeholder values), which proves the request went out
 * in the documented shape and was routed to its command.
 */
class SeedExamplesTest {
    @TempDir
    Path dataDir;

    @Test
    void everyExampleReachesTheServer() throws Exception {
        try (VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(new String[]{
                "--http-host", "127.0.0.1", "--http-port", "0", "--sip-host", "127.0.0.1", "--sip-port", "0",
                "--rtp-ports", "41000-41999", "--data-dir", dataDir.toString(), "--api-key", "k"}, Map.of()))) {
            VoicegatherClient client = VoicegatherClient.builder().fromEnv(Map.of(
                    "TELNYX_API_KEY", "k",
                    "TELNYX_BASE_URL", "http://127.0.0.1:" + server.httpPort() + "/v2")).build();
            String id = "call_control_id";
            assertThatThrownBy(() -> SeedExamples.gather(client, id)).isInstanceOf(UnprocessableEntityException.class);
            assertThatThrownBy(() -> SeedExamples.stopGather(client, id)).isInstanceOf(UnprocessableEntityException.class);
            assertThatThrownBy(() -> SeedExamples.gatherUsingAudio(client, id))
                    .isInstanceOf(UnprocessableEntityException.class);
            assertThatThrownBy(() -> SeedExamples.gatherUsingSpeak(client, id))
                    .isInstanceOf(UnprocessableEntityException.class);
            assertThatThrownBy(() -> SeedExamples.gatherUsingAi(client, id)).isInstanceOf(UnprocessableEntityException.class);
            assertThatThrownBy(() -> SeedExamples.startAiAssistant(client, id)).isInstanceOf(UnprocessableEntityException.class);
            assertThatThrownBy(() -> SeedExamples.stopAiAssistant(client, id)).isInstanceOf(UnprocessableEntityException.class);
            assertThatThrownBy(() -> SeedExamples.addAiAssistantMessages(client, id))
                    .isInstanceOf(UnprocessableEntityException.class);
        }
    }
}
