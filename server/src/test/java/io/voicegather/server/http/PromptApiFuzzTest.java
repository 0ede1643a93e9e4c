package io.voicegather.server.http;

import io.voicegather.api.command.GatherUsingAudioCommand;
import io.voicegather.api.command.GatherUsingSpeakCommand;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.PlaybackStopCommand;
import io.voicegather.api.command.SpeakCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mangled bodies against the five prompt actions: never a 5xx, always JSON; a refused body never
 * reaches the call layer, and an accepted one always yields a command within every documented bound.
 * The seed is fixed so that a failure can be replayed; the failing row is in the assertion message.
 */
class PromptApiFuzzTest {
    private static final String[] ACTIONS = {"gather_using_audio", "gather_using_speak", "playback_start",
            "playback_stop", "speak"};
    private static final String[] FIELDS = {"audio_url", "media_name", "invalid_audio_url", "invalid_media_name",
            "playback_content", "audio_type", "payload", "voice", "payload_type", "service_level", "language",
            "voice_settings", "invalid_payload", "minimum_digits", "maximum_digits", "maximum_tries",
            "timeout_millis", "inter_digit_timeout_millis", "terminating_digit", "valid_digits", "loop", "overlay",
            "stop", "target_legs", "cache_audio", "client_state", "command_id"};
    private static final String[] VALUES = {"null", "true", "false", "0", "-1", "1", "3", "100", "101", "4.0",
            "4.5", "1e309", "-1e309", "123456789012345678901234567890", "\"\"", "\"#\"", "\"YQ==\"", "\"SUQz\"",
            "\"\\u0000\"", "\"\\ud800\"", "\"http://127.0.0.1/a.mp3\"", "\"m.wav\"", "\"../m\"", "\"infinity\"",
            "\"INFINITY\"", "\"current\"", "\"all\"", "\"self\"", "\"both\"", "\"ssml\"", "\"basic\"", "\"en-US\"",
            "\"wav\"", "\"female\"", "{}", "{\"type\":\"telnyx\"}", "{\"type\":[]}", "[]", "[1,[2,[3]]]",
            "\"" + "x".repeat(3001) + "\"", "9".repeat(99), "\"\u00e9\u4e2d\"", "\"a\\nb\""};
    private static final String[] VALID = {
            "{\"audio_url\":\"http://127.0.0.1/a.mp3\",\"invalid_media_name\":\"bad.wav\",\"minimum_digits\":2,"
                    + "\"maximum_digits\":10,\"maximum_tries\":4,\"timeout_millis\":10000,\"terminating_digit\":\"#\","
                    + "\"valid_digits\":\"0123456789\",\"client_state\":\"YWJj\",\"command_id\":\"c\"}",
            "{\"payload\":\"Press one.\",\"voice\":\"AWS.Polly.Joanna\",\"payload_type\":\"text\","
                    + "\"language\":\"en-US\",\"voice_settings\":{\"type\":\"aws\"},\"invalid_payload\":\"No.\","
                    + "\"maximum_tries\":2}",
            "{\"playback_content\":\"SUQzBAAAAAAA\",\"audio_type\":\"mp3\",\"loop\":\"infinity\",\"overlay\":false,"
                    + "\"stop\":\"current\",\"target_legs\":\"self\",\"cache_audio\":true}",
            "{\"stop\":\"current\",\"overlay\":true,\"command_id\":\"x\"}",
            "{\"payload\":\"Hi\",\"voice\":\"male\",\"loop\":3,\"stop\":\"all\",\"target_legs\":\"both\"}"};

    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    @Test
    void hostileBodiesNeverCauseA5xxAndAcceptedOnesAreWithinBounds() throws Exception {
        Random rnd = new Random(20261124);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[rnd.nextInt(64)];
            rnd.nextBytes(b);
            bodies.add(b);
        }
        for (int i = 0; i < 500; i++) {
            String valid = VALID[rnd.nextInt(VALID.length)];
            bodies.add(valid.substring(0, rnd.nextInt(valid.length() + 1)).getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 500; i++) {
            byte[] b = VALID[rnd.nextInt(VALID.length)].getBytes(StandardCharsets.UTF_8);
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            bodies.add(b);
        }
        for (String field : FIELDS) {
            for (String value : VALUES) {
                bodies.add(("{\"" + field + "\":" + value + "}").getBytes(StandardCharsets.UTF_8));
            }
        }
        for (int i = 0; i < 1500; i++) {
            StringBuilder sb = new StringBuilder("{");
            List<String> used = new ArrayList<>();
            for (int k = rnd.nextInt(7); k >= 0; k--) {
                String f = FIELDS[rnd.nextInt(FIELDS.length)];
                if (used.contains(f)) {
                    continue; // a repeated name is a 400 already covered above; keep these bodies parseable
                }
                used.add(f);
                sb.append(sb.length() > 1 ? "," : "").append('"').append(f).append("\":")
                        .append(VALUES[rnd.nextInt(VALUES.length)]);
            }
            bodies.add(sb.append('}').toString().getBytes(StandardCharsets.UTF_8));
        }

        int i = 0;
        int accepted = 0;
        for (byte[] body : bodies) {
            String action = ACTIONS[i++ % ACTIONS.length];
            api.calls.reset();
            TestApi.Response r = api.send("POST", "/v2/calls/v3%3Afuzz/actions/" + action,
                    HttpRequest.BodyPublishers.ofByteArray(body), "Bearer " + TestApi.KEY);
            String row = action + " " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            assertThat(r.status()).as(row + " → " + r.raw()).isIn(200, 400, 422);
            assertThat(r.contentType()).as(row).startsWith("application/json");
            assertThat(r.body()).as(row + " → " + r.raw()).isNotNull();
            if (r.status() == 200) {
                accepted++;
                assertThat(api.calls.received).as(row).hasSize(1);
                assertWithinBounds(row, api.calls.last().command());
            } else {
                assertThat(r.body().get("errors")).as(row).isNotEmpty();
                assertThat(api.calls.received).as(row).isEmpty();
            }
        }
        assertThat(bodies.size()).isGreaterThan(3500);
        assertThat(accepted).as("some fuzzed bodies must be valid, or the bounds are never checked")
                .isGreaterThan(100);
    }

    private static void assertWithinBounds(String row, Object command) {
        assertThat(command).as(row).isNotNull();
        if (command instanceof GatherUsingAudioCommand c) {
            assertThat(c.prompt()).as(row).isNotNull();
            assertThat(c.prompt().content()).as(row).isNull();
            assertDigits(row, c.minimumDigits(), c.maximumDigits(), c.maximumTries(), c.timeoutMillis(),
                    c.interDigitTimeoutMillis());
        } else if (command instanceof GatherUsingSpeakCommand c) {
            assertSpeech(row, c.prompt());
            assertDigits(row, c.minimumDigits(), c.maximumDigits(), c.maximumTries(), c.timeoutMillis(),
                    c.interDigitTimeoutMillis());
        } else if (command instanceof PlaybackStartCommand c) {
            assertThat(c.audio()).as(row).isNotNull();
            assertThat(c.audio().audioType()).as(row).isNotNull();
            assertThat(c.targetLegs()).as(row).isNotNull();
            assertLoop(row, c.loop());
        } else if (command instanceof PlaybackStopCommand c) {
            assertThat(c.stop()).as(row).isNotNull();
        } else if (command instanceof SpeakCommand c) {
            assertSpeech(row, c.speech());
            assertThat(c.targetLegs()).as(row).isNotNull();
            assertLoop(row, c.loop());
        } else {
            throw new AssertionError("unexpected command " + command);
        }
    }

    private static void assertSpeech(String row, SpeakCommand.Speech s) {
        assertThat(s).as(row).isNotNull();
        assertThat(s.payload()).as(row).isNotEmpty().hasSizeLessThanOrEqualTo(3000);
        assertThat(s.voice()).as(row).isNotEmpty();
        assertThat(s.payloadType()).as(row).isNotNull();
        assertThat(s.serviceLevel()).as(row).isNotNull();
        if (s.language() != null) {
            assertThat(PromptFields.LANGUAGES).as(row).contains(s.language());
        }
    }

    private static void assertDigits(String row, int min, int max, int tries, long timeout, long interDigit) {
        assertThat(min).as(row).isBetween(1, max);
        assertThat(max).as(row).isBetween(min, 128);
        assertThat(tries).as(row).isBetween(1, 10);
        assertThat(timeout).as(row).isBetween(1L, 3_600_000L);
        assertThat(interDigit).as(row).isBetween(1L, 3_600_000L);
    }

    private static void assertLoop(String row, int loop) {
        if (loop != PlaybackStartCommand.LOOP_INFINITY) {
            assertThat(loop).as(row).isBetween(1, 100);
        }
    }
}
