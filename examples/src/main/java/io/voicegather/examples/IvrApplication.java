package io.voicegather.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.client.VoicegatherClient;
import io.voicegather.client.errors.WebhookVerificationException;
import io.voicegather.client.models.calls.actions.ActionAnswerParams;
import io.voicegather.client.models.calls.actions.ActionGatherParams;
import io.voicegather.client.models.webhooks.CallAnswered;
import io.voicegather.client.models.webhooks.CallGatherEnded;
import io.voicegather.client.models.webhooks.CallHangup;
import io.voicegather.client.models.webhooks.CallInitiated;
import io.voicegather.client.models.webhooks.WebhookEvent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A complete phone menu on the SDK. It answers every call, asks for one key (1: enter an account number,
 * 2: hang up), collects up to 8 digits ended by '#', and hangs up. Webhooks are verified with the server's public
 * key and answered at once; commands go out asynchronously so the webhook thread never waits for the API.
 *
 * <p>Run against a server started with {@code --webhook-url http://127.0.0.1:8090/webhooks}:
 * {@code TELNYX_API_KEY=… TELNYX_PUBLIC_KEY=… java … IvrApplication 8090}.
 */
public final class IvrApplication implements AutoCloseable {
    /** Where each call is in the menu. */
    public enum Step { ANSWERING, MAIN_MENU, ACCOUNT, DONE }

    /** What the menu learned from one call. */
    public record Outcome(Step step, String choice, String account) {
    }

    static final String MAIN_MENU = "main-menu";
    static final String ACCOUNT = "account";

    private final HttpServer http;
    private final Map<String, Outcome> calls = new ConcurrentHashMap<>();
    private volatile VoicegatherClient client;

    /**
     * Starts listening for webhooks. Until {@link #serve} gives it a client, the menu answers 503 so that the
     * server delivers again later; this lets the listener's port be known before the server is configured.
     */
    public IvrApplication(InetSocketAddress listen) throws IOException {
        this.http = HttpServer.create(listen, 0);
        http.createContext("/webhooks", this::receive);
        http.start();
    }

    /** From now on, verify webhooks and send commands with this client. */
    public IvrApplication serve(VoicegatherClient client) {
        this.client = client;
        return this;
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        new IvrApplication(new InetSocketAddress("127.0.0.1", port)).serve(VoicegatherClient.fromEnv());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The state of one call, or null when the menu never heard of it. */
    public Outcome outcome(String callControlId) {
        return calls.get(callControlId);
    }

    public Map<String, Outcome> outcomes() {
        return Map.copyOf(calls);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            VoicegatherClient client = this.client;
            if (client == null) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            WebhookEvent event;
            try {
                event = client.webhooks().unwrap(body, exchange.getRequestHeaders());
            } catch (WebhookVerificationException e) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            exchange.sendResponseHeaders(200, -1);
            handle(client, event);
        }
    }

    private void handle(VoicegatherClient client, WebhookEvent event) {
        var actions = client.async().calls().actions();
        if (event instanceof CallInitiated e) {
            String id = e.call().callControlId();
            calls.put(id, new Outcome(Step.ANSWERING, null, null));
            actions.answer(id, ActionAnswerParams.builder().commandId("answer-" + id).build());
        } else if (event instanceof CallAnswered e) {
            String id = e.call().callControlId();
            calls.computeIfPresent(id, (k, o) -> new Outcome(Step.MAIN_MENU, null, null));
            actions.gather(id, ActionGatherParams.builder().maximumDigits(1).validDigits("12")
                    .gatherId(MAIN_MENU).build());
        } else if (event instanceof CallGatherEnded e) {
            onGatherEnded(client, e);
        } else if (event instanceof CallHangup e) {
            calls.computeIfPresent(e.call().callControlId(), (k, o) -> new Outcome(Step.DONE, o.choice(), o.account()));
        }
    }

    private void onGatherEnded(VoicegatherClient client, CallGatherEnded e) {
        var actions = client.async().calls().actions();
        String id = e.call().callControlId();
        boolean valid = "valid".equals(e.status());
        if (MAIN_MENU.equals(e.gatherId()) && valid && "1".equals(e.digits())) {
            calls.computeIfPresent(id, (k, o) -> new Outcome(Step.ACCOUNT, "1", null));
            actions.gather(id, ActionGatherParams.builder().minimumDigits(1).maximumDigits(8)
                    .terminatingDigit("#").validDigits("0123456789#").gatherId(ACCOUNT).build());
            return;
        }
        if (ACCOUNT.equals(e.gatherId()) && valid) {
            calls.computeIfPresent(id, (k, o) -> new Outcome(o.step(), o.choice(), e.digits()));
        } else if (MAIN_MENU.equals(e.gatherId())) {
            calls.computeIfPresent(id, (k, o) -> new Outcome(o.step(), e.digits(), null));
        }
        actions.hangup(id);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
