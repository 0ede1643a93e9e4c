package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.TinySipPhone;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import io.voicegather.server.webhook.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * answer's routing and SIP header options on a real call: a phone over UDP on loopback reads the raw 200 OK, and
 * the mapped event goes to a second webhook receiver while the others go to the application's URL.
 */
class AnswerOptionsEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void theOkCarriesTheHeadersAndTheMappedEventGoesToItsOwnUrlWithItsOwnRetries() throws Exception {
        Path data = dir.resolve("data");
        try (E2eServer server = E2eServer.start(data, 4);
             WebhookReceiver gatherApp = WebhookReceiver.start(SigningKeys.loadOrCreate(data).publicKeyBase64());
             TinySipPhone phone = new TinySipPhone(sipPort(server))) {
            phone.invite("+15550188");
            String id = server.awaitInitiated("+15550188").callControlId();
            String mapped = gatherApp.url() + "/gathered";
            gatherApp.failNext(1, 503); // its first attempt fails: the policy's retry brings it
            ApiClient.Response r = server.api.action(id, "answer", "{"
                    + "\"webhook_urls\":{\"call.gather.ended\":\"" + mapped + "\",\"call.not.emitted\":\"" + mapped + "\"},"
                    + "\"webhook_urls_method\":\"POST\","
                    + "\"webhook_retries_policies\":{\"call.gather.ended\":{\"retries_ms\":[500]}},"
                    + "\"custom_headers\":[{\"name\":\"X-Tenant\",\"value\":\"acme; region=eu\"},"
                    + "{\"name\":\"X-Trace\",\"value\":\"t-1\"}],"
                    + "\"sip_headers\":[{\"name\":\"User-to-User\",\"value\":\"56a390f3d2b7310023a2;encoding=hex\"}],"
                    + "\"send_silence_when_idle\":true,\"record\":\"record-from-answer\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);

            String ok = phone.awaitAnsweredAndAck(E2eServer.WAIT.toMillis());
            List<String> headerLines = Arrays.asList(ok.substring(0, ok.indexOf("\r\n\r\n")).split("\r\n"));
            assertThat(headerLines).as(ok).contains("X-Tenant: acme; region=eu", "X-Trace: t-1",
                    "User-to-User: 56a390f3d2b7310023a2;encoding=hex");
            assertThat(headerLines.indexOf("X-Tenant: acme; region=eu")).as("in request order")
                    .isLessThan(headerLines.indexOf("X-Trace: t-1"));
            String body = ok.substring(ok.indexOf("\r\n\r\n") + 4);
            assertThat(body).startsWith("v=0");
            assertThat(headerLines).contains("Content-Length: " + body.length());

            server.await("call.answered", id);
            server.command(id, "gather", E2eServer.body().put("maximum_digits", 1));
            phone.pressKey('7');

            WebhookReceiver.Event ended = gatherApp.await("call.gather.ended", id, E2eServer.WAIT);
            assertThat(ended.payload().path("digits").asText()).isEqualTo("7");
            assertThat(ended.root().at("/meta/delivered_to").asText()).isEqualTo(mapped);
            assertThat(ended.root().at("/meta/attempt").asInt()).as("second attempt, after the failed one")
                    .isEqualTo(2);
            assertThat(gatherApp.requests()).hasSize(2);

            server.awaitDigit(id, '7'); // unmapped: the application's URL
            server.hangup(id);
            server.await("call.hangup", id);
            assertThat(phone.awaitBye(E2eServer.WAIT.toMillis())).isTrue();
            assertThat(server.events(id)).extracting(WebhookReceiver.Event::eventType)
                    .contains("call.initiated", "call.answered", "call.dtmf.received", "call.hangup")
                    .doesNotContain("call.gather.ended");
            assertThat(gatherApp.events()).extracting(WebhookReceiver.Event::eventType)
                    .containsOnly("call.gather.ended");
            assertThat(gatherApp.rejected()).extracting(WebhookReceiver.Request::rejectReason)
                    .containsExactly("forced failure 503"); // the one failure forced above, no bad signature
            server.assertAllSignaturesValid();
        }
    }

    /**
     * {@code webhook_urls_method: GET} on a mapped event: the envelope travels URL-encoded in the {@code webhook}
     * query parameter, joined with {@code &} to a URL that already has a query, with no body, and the signature
     * covers {@code timestamp|envelope}. The unmapped events stay POSTs to the application.
     */
    @Test
    void aMappedEventGoesByGetWithTheEnvelopeInTheWebhookParameter() throws Exception {
        Path data = dir.resolve("data");
        BlockingQueue<GetRequest> gets = new LinkedBlockingQueue<>();
        HttpServer getApp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        getApp.createContext("/", exchange -> {
            try (exchange) {
                gets.add(new GetRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestBody().readAllBytes().length,
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst(WebhookReceiver.TIMESTAMP_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookReceiver.SIGNATURE_HEADER)));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        getApp.start();
        try (E2eServer server = E2eServer.start(data, 4);
             TinySipPhone phone = new TinySipPhone(sipPort(server))) {
            String publicKey = SigningKeys.loadOrCreate(data).publicKeyBase64();
            phone.invite("+15550189");
            String id = server.awaitInitiated("+15550189").callControlId();
            String mapped = "http://127.0.0.1:" + getApp.getAddress().getPort() + "/keys?tenant=acme";
            ApiClient.Response r = server.api.action(id, "answer", "{\"webhook_urls\":{\"call.dtmf.received\":\""
                    + mapped + "\"},\"webhook_urls_method\":\"GET\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            phone.awaitAnsweredAndAck(E2eServer.WAIT.toMillis());
            server.await("call.answered", id);
            phone.pressKey('4');

            GetRequest get = gets.poll(E2eServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(get).as("the mapped event by GET").isNotNull();
            assertThat(get.method()).isEqualTo("GET");
            assertThat(get.path()).isEqualTo("/keys");
            assertThat(get.query()).as("joined to the URL's own query with &").startsWith("tenant=acme&webhook=");
            assertThat(get.bodyLength()).isZero();
            assertThat(get.contentType()).isNull();
            String envelope = URLDecoder.decode(get.query().substring("tenant=acme&webhook=".length()),
                    StandardCharsets.UTF_8);
            assertThat(WebhookReceiver.verify(WebhookReceiver.publicKey(publicKey), get.timestamp(),
                    get.signature(), envelope.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() / 1000))
                    .as("the signature covers timestamp|envelope").isNull();
            JsonNode event = new ObjectMapper().readTree(envelope).path("data");
            assertThat(event.path("event_type").asText()).isEqualTo("call.dtmf.received");
            assertThat(event.path("payload").path("call_control_id").asText()).isEqualTo(id);
            assertThat(event.path("payload").path("digit").asText()).isEqualTo("4");

            server.hangup(id);
            server.await("call.hangup", id);
            assertThat(phone.awaitBye(E2eServer.WAIT.toMillis())).isTrue();
            assertThat(server.events(id)).extracting(WebhookReceiver.Event::eventType)
                    .contains("call.initiated", "call.answered", "call.hangup").doesNotContain("call.dtmf.received");
            assertThat(server.events(id)).extracting(e -> e.request().method()).containsOnly("POST");
            assertThat(gets).as("no other event mapped").isEmpty();
            server.assertAllSignaturesValid();
        } finally {
            getApp.stop(0);
        }
    }

    /** One request as the GET endpoint saw it (query still percent-encoded). */
    private record GetRequest(String method, String path, String query, int bodyLength, String contentType,
                              String timestamp, String signature) {
    }

    private static int sipPort(E2eServer server) {
        String target = server.sipTarget();
        return Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    }
}
