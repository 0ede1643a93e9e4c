package io.voicegather.server.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of hostile or mangled bodies against every action: the answer is never a 5xx and always a JSON
 * body. The seed is fixed so that a failure can be replayed; the row that failed is in the assertion message.
 */
class ApiServerFuzzTest {
    private static final String[] ACTIONS = {"gather", "answer", "hangup", "gather_stop", "client_state_update"};
    private static final String[] FIELDS = {"minimum_digits", "maximum_digits", "timeout_millis",
            "initial_timeout_millis", "inter_digit_timeout_millis", "terminating_digit", "valid_digits", "gather_id",
            "client_state", "command_id", "webhook_url", "webhook_url_method"};
    private static final String[] VALUES = {"null", "true", "false", "0", "-1", "1", "4.0", "4.5", "1e309", "-1e309",
            "1e-400", "123456789012345678901234567890", "-0", "\"\"", "\"#\"", "\"YQ==\"", "\"\\u0000\"",
            "\"\\ud800\"", "\"http://h/\"", "\"GET\"", "{}", "[]", "[1,[2,[3]]]", "{\"a\":{\"b\":null}}",
            "\"" + "x".repeat(5000) + "\"", "9".repeat(99), "0.0000000000000000000001", "\"\u00e9\u4e2d\""};
    private static final String VALID = "{\"minimum_digits\":2,\"maximum_digits\":10,\"timeout_millis\":10000,"
            + "\"terminating_digit\":\"#\",\"valid_digits\":\"0123456789\",\"gather_id\":\"g\","
            + "\"client_state\":\"YWJj\",\"command_id\":\"c\",\"webhook_url\":\"http://h/x\"}";

    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    @Test
    void hostileBodiesNeverCauseA5xxAndAlwaysGetJson() throws Exception {
        Random rnd = new Random(20240601);
        List<byte[]> bodies = new ArrayList<>();
        bodies.add("[".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
        bodies.add("{\"a\":".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
        bodies.add(("{\"maximum_digits\":" + "9".repeat(200_000) + "}").getBytes(StandardCharsets.US_ASCII));
        bodies.add(("{\"maximum_digits\":1e" + "9".repeat(50) + "}").getBytes(StandardCharsets.US_ASCII));
        bodies.add(("{\"maximum_digits\":0." + "0".repeat(90) + "1}").getBytes(StandardCharsets.US_ASCII));
        bodies.add(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'});
        bodies.add(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        for (int i = 0; i < 600; i++) {
            byte[] b = new byte[rnd.nextInt(64)];
            rnd.nextBytes(b);
            bodies.add(b);
        }
        for (int i = 0; i < 600; i++) {
            bodies.add(VALID.substring(0, rnd.nextInt(VALID.length())).getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < 600; i++) {
            byte[] b = VALID.getBytes(StandardCharsets.US_ASCII);
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
        for (int i = 0; i < 600; i++) {
            StringBuilder sb = new StringBuilder("{");
            for (int k = rnd.nextInt(6); k >= 0; k--) {
                sb.append('"').append(FIELDS[rnd.nextInt(FIELDS.length)]).append("\":")
                        .append(VALUES[rnd.nextInt(VALUES.length)]).append(k == 0 ? "" : ",");
            }
            bodies.add(sb.append('}').toString().getBytes(StandardCharsets.UTF_8));
        }

        int i = 0;
        for (byte[] body : bodies) {
            String action = ACTIONS[i++ % ACTIONS.length];
            TestApi.Response r = api.send("POST", "/v2/calls/v3%3Afuzz/actions/" + action,
                    HttpRequest.BodyPublishers.ofByteArray(body), "Bearer " + TestApi.KEY);
            String row = action + " " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1);
            assertThat(r.status()).as(row + " → " + r.raw()).isBetween(200, 499);
            assertThat(r.contentType()).as(row).startsWith("application/json");
            assertThat(r.body()).as(row + " → " + r.raw()).isNotNull();
            assertThat(r.body().has("data") || r.body().has("errors")).as(row).isTrue();
        }
        assertThat(bodies.size()).isGreaterThan(2500);
    }
}
