package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The prompt commands' validation, one row per bad input: action, body, expected status, code and pointer.
 * Each body is a minimal valid body of the action with one field changed (or removed), so that exactly one
 * error is expected.
 */
class PromptRequestValidationTest {
    static final String URL = "http://127.0.0.1/a.mp3";
    /** A minimal valid body per action. */
    static final Map<String, String> BASE = Map.of(
            "gather_using_audio", "{\"audio_url\":\"" + URL + "\"}",
            "gather_using_speak", "{\"payload\":\"Press one.\",\"voice\":\"female\"}",
            "playback_start", "{\"audio_url\":\"" + URL + "\"}",
            "playback_stop", "{}",
            "speak", "{\"payload\":\"Hello.\",\"voice\":\"female\"}");
    static final List<String> ACTIONS = List.of("gather_using_audio", "gather_using_speak", "playback_start",
            "playback_stop", "speak");
    static final List<String> GATHERS = List.of("gather_using_audio", "gather_using_speak");
    static final List<String> SPEAKS = List.of("gather_using_speak", "speak");

    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    /** The action's base body with field set to the JSON text value, or removed when value is null. */
    static String with(String action, String field, String value) {
        try {
            ObjectNode o = (ObjectNode) Json.MAPPER.readTree(BASE.get(action));
            if (value == null) {
                o.remove(field);
            } else {
                o.set(field, Json.MAPPER.readTree(value));
            }
            return Json.write(o);
        } catch (Exception e) {
            throw new IllegalArgumentException(value, e);
        }
    }

    private static void row(List<Arguments> rows, String action, String field, String value, String code) {
        rows.add(arguments(action, with(action, field, value), 422, code, "/" + field));
    }

    static Stream<Arguments> badBodies() {
        List<Arguments> rows = new ArrayList<>();
        // Not a JSON object: 400 10028, as for every other action.
        for (String action : ACTIONS) {
            for (String body : List.of("{", "[]", "1", "null", "{\"a\":1,}", "{\"a\":1,\"a\":2}")) {
                rows.add(arguments(action, body, 400, "10028", null));
            }
        }
        // Common fields.
        for (String action : ACTIONS) {
            for (String cs : List.of("\"a b\"", "\"Y\"", "1", "{}", "\"" + "A".repeat(4100) + "\"")) {
                row(rows, action, "client_state", cs, "10015");
            }
            for (String id : List.of("\"\"", "1", "\"" + "c".repeat(257) + "\"")) {
                row(rows, action, "command_id", id, "10015");
            }
        }
        // Digit fields of both prompt gathers.
        for (String action : GATHERS) {
            for (String f : List.of("minimum_digits", "maximum_digits")) {
                for (String v : List.of("0", "129", "-1", "99999999999999999999", "1e300")) {
                    row(rows, action, f, v, "10033");
                }
                for (String v : List.of("\"4\"", "4.5", "true", "{}", "[4]")) {
                    row(rows, action, f, v, "10015");
                }
            }
            for (String v : List.of("0", "11", "-3", "1000")) {
                row(rows, action, "maximum_tries", v, "10033");
            }
            for (String v : List.of("\"3\"", "2.5", "false", "[]")) {
                row(rows, action, "maximum_tries", v, "10015");
            }
            for (String f : List.of("timeout_millis", "inter_digit_timeout_millis")) {
                for (String v : List.of("0", "3600001", "-5", "9223372036854775808")) {
                    row(rows, action, f, v, "10033");
                }
                for (String v : List.of("\"1000\"", "10.5", "true", "{}")) {
                    row(rows, action, f, v, "10015");
                }
            }
            rows.add(arguments(action, with(action, "minimum_digits", "5").replace("}", ",\"maximum_digits\":4}"),
                    422, "10015", "/minimum_digits"));
            for (String v : List.of("\"##\"", "\"x\"", "\"E\"", "1", "[\"#\"]")) {
                row(rows, action, "terminating_digit", v, "10015");
            }
            for (String v : List.of("\"\"", "\"12x\"", "123", "\"" + "1".repeat(65) + "\"")) {
                row(rows, action, "valid_digits", v, "10015");
            }
        }
        // gather_using_audio sources.
        String a = "gather_using_audio";
        rows.add(arguments(a, "{}", 422, "10004", "/audio_url"));
        rows.add(arguments(a, "{\"audio_url\":null,\"media_name\":null}", 422, "10004", "/audio_url"));
        rows.add(arguments(a, "{\"invalid_audio_url\":\"" + URL + "\"}", 422, "10004", "/audio_url"));
        rows.add(arguments(a, "{\"audio_url\":\"" + URL + "\",\"media_name\":\"menu.wav\"}", 422, "10015",
                "/media_name"));
        rows.add(arguments(a, "{\"audio_url\":\"" + URL + "\",\"invalid_audio_url\":\"" + URL
                + "\",\"invalid_media_name\":\"bad.wav\"}", 422, "10015", "/invalid_media_name"));
        for (String f : List.of("audio_url", "invalid_audio_url")) {
            for (String v : List.of("\"\"", "\"example.com/a.mp3\"", "\"/a.mp3\"", "\"ftp://h/a.mp3\"",
                    "\"file:///etc/passwd\"", "\"http://\"", "\"https://h/a#x\"", "1", "true", "{}", "[]",
                    "\"http://" + "h".repeat(2100) + "\"")) {
                row(rows, a, f, v, "10015");
            }
        }
        for (String v : List.of("\"\"", "\"a/b.wav\"", "\"..\"", "\".\"", "\"a\\\\b\"", "\"a\\u0000b\"",
                "\"a\\nb\"", "\"" + "m".repeat(256) + "\"", "1", "[]")) {
            rows.add(arguments(a, "{\"media_name\":" + v + "}", 422, "10015", "/media_name"));
            row(rows, a, "invalid_media_name", v, "10015");
        }
        // Speech fields of speak and gather_using_speak.
        for (String action : SPEAKS) {
            row(rows, action, "payload", null, "10004");
            row(rows, action, "payload", "null", "10004");
            row(rows, action, "voice", null, "10004");
            row(rows, action, "voice", "null", "10004");
            for (String v : List.of("\"\"", "\"" + "p".repeat(3001) + "\"", "1", "{}", "[\"x\"]", "true")) {
                row(rows, action, "payload", v, "10015");
            }
            for (String v : List.of("\"\"", "\"" + "v".repeat(257) + "\"", "1", "{}", "false")) {
                row(rows, action, "voice", v, "10015");
            }
            for (String v : List.of("\"html\"", "\"\"", "\"text \"")) {
                row(rows, action, "payload_type", v, "10032");
            }
            row(rows, action, "payload_type", "1", "10015");
            for (String v : List.of("\"standard\"", "\"\"", "\"premium+\"")) {
                row(rows, action, "service_level", v, "10032");
            }
            row(rows, action, "service_level", "[]", "10015");
            for (String v : List.of("\"en\"", "\"en_US\"", "\"xx-XX\"", "\"\"", "\"en-US \"")) {
                row(rows, action, "language", v, "10032");
            }
            row(rows, action, "language", "7", "10015");
            for (String v : List.of("\"telnyx\"", "1", "[]", "true")) {
                row(rows, action, "voice_settings", v, "10015");
            }
            rows.add(arguments(action, with(action, "voice_settings", "{\"type\":5}"), 422, "10015",
                    "/voice_settings/type"));
        }
        rows.add(arguments("gather_using_speak", "{\"voice\":\"male\"}", 422, "10004", "/payload"));
        for (String v : List.of("\"\"", "\"" + "p".repeat(3001) + "\"", "1", "{}")) {
            row(rows, "gather_using_speak", "invalid_payload", v, "10015");
        }
        // loop, stop, target_legs of playback_start and speak.
        for (String action : List.of("playback_start", "speak")) {
            for (String v : List.of("0", "101", "-1", "1e10", "\"0\"", "\"101\"")) {
                row(rows, action, "loop", v, "10033");
            }
            for (String v : List.of("\"forever\"", "\"\"", "\"3.0\"", "\"-3\"", "\"infinite\"", "true", "2.5", "[]", "{}")) {
                row(rows, action, "loop", v, "10015");
            }
            for (String v : List.of("\"none\"", "\"\"", "\"everything\"")) {
                row(rows, action, "stop", v, "10032");
            }
            row(rows, action, "stop", "1", "10015");
            for (String v : List.of("\"other\"", "\"\"", "\"all\"")) {
                row(rows, action, "target_legs", v, "10032");
            }
            row(rows, action, "target_legs", "[\"self\"]", "10015");
        }
        // playback_start sources.
        String p = "playback_start";
        rows.add(arguments(p, "{}", 422, "10004", "/audio_url"));
        rows.add(arguments(p, "{\"audio_url\":null,\"media_name\":null,\"playback_content\":null}", 422,
                "10004", "/audio_url"));
        rows.add(arguments(p, "{\"audio_url\":\"" + URL + "\",\"media_name\":\"m\"}", 422, "10015", "/media_name"));
        rows.add(arguments(p, "{\"audio_url\":\"" + URL + "\",\"playback_content\":\"SUQz\"}", 422, "10015",
                "/playback_content"));
        rows.add(arguments(p, "{\"media_name\":\"m\",\"playback_content\":\"SUQz\"}", 422, "10015",
                "/playback_content"));
        for (String v : List.of("\"\"", "\"ftp://h/a\"", "\"a.mp3\"", "5")) {
            row(rows, p, "audio_url", v, "10015");
        }
        for (String v : List.of("\"\"", "\"../x\"", "{}")) {
            rows.add(arguments(p, "{\"media_name\":" + v + "}", 422, "10015", "/media_name"));
        }
        for (String v : List.of("\"\"", "\"SUQz=\"", "\"S\"", "\"not base64!\"", "\"SU Qz\"", "\"====\"", "\"\\n\"",
                "1", "[\"SUQz\"]", "{}")) {
            rows.add(arguments(p, "{\"playback_content\":" + v + "}", 422, "10015", "/playback_content"));
        }
        for (String v : List.of("\"ogg\"", "\"\"", "\"mp4\"")) {
            row(rows, p, "audio_type", v, "10032");
        }
        row(rows, p, "audio_type", "3", "10015");
        for (String f : List.of("overlay", "cache_audio")) {
            for (String v : List.of("\"true\"", "1", "0", "{}", "[]")) {
                row(rows, p, f, v, "10015");
            }
        }
        // playback_stop.
        for (String v : List.of("\"none\"", "\"\"", "\"ALL \"")) {
            row(rows, "playback_stop", "stop", v, "10032");
        }
        row(rows, "playback_stop", "stop", "true", "10015");
        for (String v : List.of("\"false\"", "1", "[]")) {
            row(rows, "playback_stop", "overlay", v, "10015");
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} {2} {3} {4}")
    @MethodSource("badBodies")
    void badBodyIsRefusedAndNeverReachesCallControl(String action, String body, int status, String code,
                                                   String pointer) throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/" + action, body);
        assertThat(r.status()).as(body + " → " + r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).as(r.raw()).isNotNull();
        assertThat(r.body().get("errors")).as(body + " → " + r.raw()).hasSize(1);
        assertThat(r.firstCode()).as(body + " → " + r.raw()).isEqualTo(code);
        assertThat(r.firstPointer()).as(body + " → " + r.raw()).isEqualTo(pointer);
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void baseBodiesAreValid() throws Exception {
        for (String action : ACTIONS) {
            api.calls.reset();
            TestApi.Response r = api.post("/v2/calls/abc/actions/" + action, BASE.get(action));
            assertThat(r.status()).as(action + " → " + r.raw()).isEqualTo(200);
            assertThat(api.calls.last().operation()).isEqualTo(action);
        }
    }

    private static List<String> codesAndPointers(TestApi.Response r) {
        List<String> got = new ArrayList<>();
        for (JsonNode e : r.body().get("errors")) {
            got.add(e.get("code").asText() + " " + e.get("source").get("pointer").asText());
        }
        return got;
    }

    @Test
    void everyInvalidFieldOfGatherUsingAudioIsReportedAtOnce() throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/gather_using_audio", """
                {"audio_url":"ftp://x","media_name":"a/b","invalid_audio_url":"http://h/i.wav",
                 "invalid_media_name":"i.wav","minimum_digits":0,"maximum_digits":"9","maximum_tries":11,
                 "timeout_millis":1.5,"inter_digit_timeout_millis":0,"terminating_digit":"x","valid_digits":"",
                 "client_state":"!","command_id":""}""");
        assertThat(r.status()).isEqualTo(422);
        assertThat(codesAndPointers(r)).containsExactlyInAnyOrder(
                "10015 /client_state", "10015 /command_id", "10015 /audio_url", "10015 /media_name",
                "10015 /invalid_media_name", "10033 /minimum_digits", "10015 /maximum_digits",
                "10033 /maximum_tries", "10015 /timeout_millis", "10033 /inter_digit_timeout_millis",
                "10015 /terminating_digit", "10015 /valid_digits");
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void everyInvalidFieldOfSpeakAndPlaybackIsReportedAtOnce() throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/gather_using_speak", """
                {"voice":"","payload_type":"xml","service_level":"gold","language":"en","voice_settings":[],
                 "invalid_payload":"","maximum_tries":0}""");
        assertThat(r.status()).isEqualTo(422);
        assertThat(codesAndPointers(r)).containsExactlyInAnyOrder(
                "10004 /payload", "10015 /voice", "10032 /payload_type", "10032 /service_level",
                "10032 /language", "10015 /voice_settings", "10015 /invalid_payload", "10033 /maximum_tries");

        r = api.post("/v2/calls/abc/actions/playback_start", """
                {"audio_url":"http://h/a.mp3","media_name":"m","playback_content":"!!","audio_type":"ogg",
                 "loop":"never","overlay":"yes","stop":"some","target_legs":"them","cache_audio":null}""");
        assertThat(r.status()).isEqualTo(422);
        assertThat(codesAndPointers(r)).containsExactlyInAnyOrder(
                "10015 /media_name", "10015 /playback_content", "10032 /audio_type",
                "10015 /loop", "10015 /overlay", "10032 /stop", "10032 /target_legs");
        assertThat(api.calls.received).isEmpty();
    }
}
