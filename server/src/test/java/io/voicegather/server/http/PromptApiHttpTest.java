package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CallStatus;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.GatherCommand;
import io.voicegather.api.command.GatherUsingAudioCommand;
import io.voicegather.api.command.GatherUsingSpeakCommand;
import io.voicegather.api.command.HangupCommand;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.PlaybackStartCommand.Audio;
import io.voicegather.api.command.PlaybackStartCommand.AudioType;
import io.voicegather.api.command.PlaybackStartCommand.TargetLegs;
import io.voicegather.api.command.PlaybackStopCommand;
import io.voicegather.api.command.PlaybackStopCommand.Stop;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.api.command.SpeakCommand.PayloadType;
import io.voicegather.api.command.SpeakCommand.ServiceLevel;
import io.voicegather.api.command.SpeakCommand.Speech;
import io.voicegather.api.json.Json;
import io.voicegather.server.call.CallControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The prompt commands over real HTTP: defaults, every field passed through, and the not-yet-available default. */
class PromptApiHttpTest {
    private static final String URL = "https://127.0.0.1:8443/menu.mp3?v=2";
    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    private static Object accepted(String action, String body) throws Exception {
        TestApi.Response r = api.post("/v2/calls/v3%3Aabc/actions/" + action, body);
        assertThat(r.status()).as(body + " → " + r.raw()).isEqualTo(200);
        assertThat(r.body().get("data").get("result").asText()).isEqualTo("ok");
        assertThat(api.calls.last().operation()).isEqualTo(action);
        assertThat(api.calls.last().callControlId()).isEqualTo("v3:abc");
        return api.calls.last().command();
    }

    @Test
    void gatherUsingAudioMinimalBodyGetsEveryDefault() throws Exception {
        assertThat(accepted("gather_using_audio", "{\"audio_url\":\"" + URL + "\"}")).isEqualTo(
                new GatherUsingAudioCommand(CommandMeta.NONE, Audio.url(URL), null, 1, 128, 3, 60_000, 5_000,
                        "#", "0123456789#*"));
        assertThat(accepted("gather_using_audio", "{\"media_name\":\"menu.wav\"}")).isEqualTo(
                new GatherUsingAudioCommand(CommandMeta.NONE, Audio.mediaName("menu.wav"), null, 1, 128, 3,
                        60_000, 5_000, "#", "0123456789#*"));
    }

    @Test
    void gatherUsingAudioEveryFieldPassesThrough() throws Exception {
        Object c = accepted("gather_using_audio", """
                {"media_name":"main menu (v2).mp3","invalid_audio_url":"http://127.0.0.1/sorry.wav",
                 "minimum_digits":2,"maximum_digits":4.0,"maximum_tries":10,"timeout_millis":3600000,
                 "inter_digit_timeout_millis":1,"terminating_digit":"","valid_digits":"123ABCD",
                 "client_state":"aGk=","command_id":"c1","gather_id":"ignored","audio_url":null}""");
        assertThat(c).isEqualTo(new GatherUsingAudioCommand(new CommandMeta("aGk=", "c1"),
                Audio.mediaName("main menu (v2).mp3"), Audio.url("http://127.0.0.1/sorry.wav"), 2, 4, 10,
                3_600_000, 1, null, "123ABCD"));
        c = accepted("gather_using_audio", "{\"audio_url\":\"" + URL + "\",\"invalid_media_name\":\"bad.wav\","
                + "\"maximum_tries\":1,\"terminating_digit\":\"*\"}");
        assertThat(((GatherUsingAudioCommand) c).invalidPrompt()).isEqualTo(Audio.mediaName("bad.wav"));
        assertThat(((GatherUsingAudioCommand) c).maximumTries()).isEqualTo(1);
        assertThat(((GatherUsingAudioCommand) c).terminatingDigit()).isEqualTo("*");
    }

    @Test
    void gatherUsingSpeakMinimalBodyGetsEveryDefault() throws Exception {
        assertThat(accepted("gather_using_speak", "{\"payload\":\"Press 1.\",\"voice\":\"female\"}")).isEqualTo(
                new GatherUsingSpeakCommand(CommandMeta.NONE,
                        new Speech("Press 1.", PayloadType.TEXT, "female", ServiceLevel.PREMIUM, null, null), null,
                        1, 128, 3, 60_000, 5_000, "#", "0123456789#*"));
    }

    @Test
    void gatherUsingSpeakEveryFieldPassesThroughAndTheInvalidPromptSharesTheVoice() throws Exception {
        GatherUsingSpeakCommand c = (GatherUsingSpeakCommand) accepted("gather_using_speak", """
                {"payload":"<speak>Press <say-as interpret-as=\\"digits\\">1</say-as></speak>",
                 "voice":"Azure.en-US-Ava:DragonHDLatestNeural","payload_type":"SSML","service_level":"basic",
                 "language":"en-gb-wls","voice_settings":{"type":"azure","effect":"eq_car","x":[1,{"y":null}]},
                 "invalid_payload":"Sorry.","minimum_digits":3,"maximum_digits":3,"maximum_tries":5,
                 "timeout_millis":8000,"inter_digit_timeout_millis":2000,"terminating_digit":"D",
                 "valid_digits":"0123456789*#ABCD","client_state":"-_-_","command_id":"k"}""");
        ObjectNode settings = (ObjectNode) Json.MAPPER.readTree(
                "{\"type\":\"azure\",\"effect\":\"eq_car\",\"x\":[1,{\"y\":null}]}");
        Speech prompt = new Speech("<speak>Press <say-as interpret-as=\"digits\">1</say-as></speak>",
                PayloadType.SSML, "Azure.en-US-Ava:DragonHDLatestNeural", ServiceLevel.BASIC, "en-GB-WLS", settings);
        assertThat(c).isEqualTo(new GatherUsingSpeakCommand(new CommandMeta("-_-_", "k"), prompt,
                prompt.withPayload("Sorry."), 3, 3, 5, 8000, 2000, "D", "0123456789*#ABCD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"male", "female", "AWS.Polly.Joanna", "AWS.Polly.Joanna-Neural", "Polly.Brian",
            "Azure.en-CA-ClaraNeural", "ElevenLabs.eleven_multilingual_v2.21m00Tcm4TlvDq8ikWAM",
            "Telnyx.KokoroTTS.af", "Telnyx.Sukhan.urdu-professor", "Minimax.speech-02-hd.x", "xAI.eve",
            "Rime.Arcana.luna", "Humain.sara-en", "FishAudio.s1.abc", "no such voice", "\u00e9\u4e2d"})
    void everyVoiceStringIsAcceptedAsSent(String voice) throws Exception {
        String body = Json.write(Json.object().put("payload", "Hi.").put("voice", voice));
        assertThat(((SpeakCommand) accepted("speak", body)).speech().voice()).isEqualTo(voice);
        assertThat(((GatherUsingSpeakCommand) accepted("gather_using_speak", body)).prompt().voice())
                .isEqualTo(voice);
    }

    @Test
    void everyDocumentedLanguageIsAcceptedInItsCanonicalSpelling() throws Exception {
        assertThat(PromptFields.LANGUAGES).hasSize(29).doesNotHaveDuplicates();
        for (String language : PromptFields.LANGUAGES) {
            String body = Json.write(Json.object().put("payload", "Hi.").put("voice", "female")
                    .put("language", language.toUpperCase()));
            assertThat(((SpeakCommand) accepted("speak", body)).speech().language()).isEqualTo(language);
        }
    }

    @Test
    void payloadOfExactly3000CharactersIsAccepted() throws Exception {
        String payload = "9".repeat(3000);
        String body = "{\"payload\":\"" + payload + "\",\"voice\":\"male\",\"invalid_payload\":\"" + payload + "\"}";
        GatherUsingSpeakCommand c = (GatherUsingSpeakCommand) accepted("gather_using_speak", body);
        assertThat(c.prompt().payload()).hasSize(3000);
        assertThat(c.invalidPrompt().payload()).hasSize(3000);
    }

    @Test
    void speakMinimalBodyGetsEveryDefault() throws Exception {
        assertThat(accepted("speak", "{\"payload\":\"Hello.\",\"voice\":\"female\"}")).isEqualTo(
                new SpeakCommand(CommandMeta.NONE,
                        new Speech("Hello.", PayloadType.TEXT, "female", ServiceLevel.PREMIUM, null, null),
                        1, null, TargetLegs.SELF));
    }

    @Test
    void speakEveryFieldPassesThrough() throws Exception {
        SpeakCommand c = (SpeakCommand) accepted("speak", """
                {"payload":"Hi","voice":"Telnyx.KokoroTTS.af","payload_type":"text","service_level":"premium",
                 "language":"ja-JP","voice_settings":{"type":"telnyx","voice_speed":1.5},"loop":"Infinity",
                 "stop":"current","target_legs":"both","client_state":"YQ==","command_id":"s"}""");
        assertThat(c.meta()).isEqualTo(new CommandMeta("YQ==", "s"));
        assertThat(c.speech().language()).isEqualTo("ja-JP");
        assertThat(c.speech().voiceSettings().get("voice_speed").doubleValue()).isEqualTo(1.5);
        assertThat(c.loop()).isEqualTo(PlaybackStartCommand.LOOP_INFINITY);
        assertThat(c.loopsForever()).isTrue();
        assertThat(c.stop()).isEqualTo(Stop.CURRENT);
        assertThat(c.targetLegs()).isEqualTo(TargetLegs.BOTH);
        SpeakCommand untyped = (SpeakCommand) accepted("speak",
                "{\"payload\":\"Hi\",\"voice\":\"x\",\"voice_settings\":{},\"loop\":100}");
        assertThat(untyped.speech().voiceSettings()).isEmpty();
        assertThat(untyped.loop()).isEqualTo(100);
        assertThat(untyped.loopsForever()).isFalse();
    }

    @Test
    void playbackStartMinimalBodyGetsEveryDefault() throws Exception {
        assertThat(accepted("playback_start", "{\"audio_url\":\"" + URL + "\"}")).isEqualTo(
                new PlaybackStartCommand(CommandMeta.NONE, Audio.url(URL), 1, false, null, TargetLegs.SELF, true));
        assertThat(accepted("playback_start", "{\"media_name\":\"hold.wav\"}")).isEqualTo(
                new PlaybackStartCommand(CommandMeta.NONE, Audio.mediaName("hold.wav"), 1, false, null,
                        TargetLegs.SELF, true));
    }

    @Test
    void playbackStartEveryFieldPassesThrough() throws Exception {
        PlaybackStartCommand c = (PlaybackStartCommand) accepted("playback_start", """
                {"audio_url":"http://127.0.0.1/a.wav","audio_type":"WAV","loop":"infinity","overlay":true,
                 "stop":"ALL","target_legs":"opposite","cache_audio":false,"client_state":"YWJj","command_id":"p",
                 "media_name":null,"playback_content":null}""");
        assertThat(c).isEqualTo(new PlaybackStartCommand(new CommandMeta("YWJj", "p"),
                new Audio("http://127.0.0.1/a.wav", null, null, AudioType.WAV), PlaybackStartCommand.LOOP_INFINITY,
                true, Stop.ALL, TargetLegs.OPPOSITE, false));
        assertThat(c.loopsForever()).isTrue();
        assertThat(((PlaybackStartCommand) accepted("playback_start",
                "{\"media_name\":\"m\",\"loop\":2.0}")).loop()).isEqualTo(2);
        assertThat(((PlaybackStartCommand) accepted("playback_start",
                "{\"media_name\":\"m\",\"loop\":\"3\"}")).loop()).as("the SDKs type loop String or Integer")
                .isEqualTo(3);
    }

    @Test
    void playbackContentIsDecodedWhateverTheBase64Flavour() throws Exception {
        byte[] audio = new byte[3000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 7 + (i >> 3));
        }
        String standard = Base64.getEncoder().encodeToString(audio);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(audio);
        String wrapped = Base64.getMimeEncoder().encodeToString(audio); // CRLF every 76 characters
        String lf = wrapped.replace("\r\n", "\n");
        assertThat(standard).contains("+");
        assertThat(urlSafe).contains("-");
        for (String text : new String[]{standard, urlSafe, wrapped, lf}) {
            PlaybackStartCommand c = (PlaybackStartCommand) accepted("playback_start",
                    Json.write(Json.object().put("playback_content", text).put("audio_type", "wav")));
            assertThat(c.audio()).isEqualTo(Audio.content(audio, AudioType.WAV));
            assertThat(c.audio().content()).isEqualTo(audio);
        }
        PlaybackStartCommand mp3 = (PlaybackStartCommand) accepted("playback_start", "{\"playback_content\":\"SUQz\"}");
        assertThat(mp3.audio().content()).isEqualTo("ID3".getBytes(StandardCharsets.US_ASCII));
        assertThat(mp3.audio().audioType()).isEqualTo(AudioType.MP3);
        assertThat(mp3.audio().toString()).contains("3 bytes");
    }

    @Test
    void playbackStopDefaultsToAllAndNoOverlay() throws Exception {
        assertThat(accepted("playback_stop", "{}")).isEqualTo(new PlaybackStopCommand(CommandMeta.NONE, Stop.ALL,
                false));
        assertThat(accepted("playback_stop", "")).isEqualTo(new PlaybackStopCommand(CommandMeta.NONE, Stop.ALL,
                false));
        assertThat(accepted("playback_stop", "{\"stop\":\"current\",\"overlay\":true,\"command_id\":\"x\"}"))
                .isEqualTo(new PlaybackStopCommand(new CommandMeta(null, "x"), Stop.CURRENT, true));
    }

    @Test
    void getOnANewActionIs405() throws Exception {
        for (String action : PromptRequestValidationTest.ACTIONS) {
            TestApi.Response r = api.send("GET", "/v2/calls/abc/actions/" + action, (String) null,
                    "Bearer " + TestApi.KEY);
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.http().headers().firstValue("Allow")).hasValue("POST");
        }
        assertThat(api.calls.received).isEmpty();
    }

    /** A call layer written before the prompt commands: only the six abstract methods. */
    private static final class CallLayerWithoutPrompts implements CallControl {
        int reached;

        @Override
        public void answer(String id, AnswerCommand command) {
            reached++;
        }

        @Override
        public void hangup(String id, HangupCommand command) {
            reached++;
        }

        @Override
        public void gather(String id, GatherCommand command) {
            reached++;
        }

        @Override
        public void gatherStop(String id, CommandMeta meta) {
            reached++;
        }

        @Override
        public void clientStateUpdate(String id, String clientState) {
            reached++;
        }

        @Override
        public CallStatus retrieve(String id) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aCallLayerWithoutPromptsAnswers404ForEachValidPromptCommand() throws Exception {
        CallLayerWithoutPrompts calls = new CallLayerWithoutPrompts();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ApiServer server = new ApiServer(InetAddress.getLoopbackAddress(), 0, calls,
                ApiKeys.anyOf(Set.of(TestApi.KEY)), () -> TestApi.PUBLIC_KEY)) {
            server.start();
            for (String action : PromptRequestValidationTest.ACTIONS) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v2/calls/abc/actions/" + action);
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TestApi.KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(PromptRequestValidationTest.BASE.get(action)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(action).isEqualTo(404);
                var error = Json.MAPPER.readTree(r.body()).get("errors").get(0);
                assertThat(error.get("code").asText()).isEqualTo("10007");
                assertThat(error.get("detail").asText()).isEqualTo(action + " is not available on this server yet");
            }
            // The old actions still reach it.
            HttpResponse<String> hangup = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/v2/calls/abc/actions/hangup"))
                    .header("Authorization", "Bearer " + TestApi.KEY).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(hangup.statusCode()).isEqualTo(200);
            assertThat(calls.reached).isEqualTo(1);
        }
    }
}
