package io.voicegather.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.client.VoicegatherClient;
import io.voicegather.client.errors.WebhookVerificationException;
import io.voicegather.client.models.calls.actions.ActionAnswerParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingSpeakParams;
import io.voicegather.client.models.webhooks.CallAnswered;
import io.voicegather.client.models.webhooks.CallGatherEnded;
import io.voicegather.client.models.webhooks.CallHangup;
import io.voicegather.client.models.webhooks.CallInitiated;
import io.voicegather.client.models.webhooks.WebhookEvent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A complete phone menu on the SDK. It answers every call, speaks a menu and asks for one key (1: enter an account
 * number, 2: hang up), collects up to 8 digits ended by '#', and hangs up. Webhooks are verified with the server's
 * public key and answered at once; commands go out asynchronously so the webhook thread never waits for the API.
 * Each gather carries the menu's name in its client_state, which its call.gather.ended brings back.
 *
 * <p>The server runs it itself with {@code --demo} (see {@link IvrDemo}).
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
    static final String MENU_PROMPT = "Welcome to voicegather. To enter an account number, press 1. To hang up, press 2.";
    static final String ACCOUNT_PROMPT = "Please enter your account number, then press the pound key.";
    private static final String VOICE = "female";

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
        if (event instanceof CallInitiated e) {
            String id = e.call().callControlId();
            calls.put(id, new Outcome(Step.ANSWERING, null, null));
            client.async().calls().actions().answer(id, ActionAnswerParams.builder().commandId("answer-" + id).build());
        } else if (event instanceof CallAnswered e) {
            ask(client, e.call().callControlId(), ActionGatherUsingSpeakParams.builder().payload(MENU_PROMPT)
                    .maximumDigits(1).validDigits("12"), MAIN_MENU, Step.ANSWERING, Step.MAIN_MENU);
        } else if (event instanceof CallGatherEnded e) {
            onGatherEnded(client, e);
        } else if (event instanceof CallHangup e) {
            calls.computeIfPresent(e.call().callControlId(), (k, o) -> new Outcome(Step.DONE, o.choice(), o.account()));
        }
    }

    private void onGatherEnded(VoicegatherClient client, CallGatherEnded e) {
        String id = e.call().callControlId();
        String menu = menuOf(e);
        boolean valid = "valid".equals(e.status());
        if (MAIN_MENU.equals(menu) && valid && "1".equals(e.digits())) {
            calls.computeIfPresent(id, (k, o) -> new Outcome(o.step(), "1", null));
            ask(client, id, ActionGatherUsingSpeakParams.builder().payload(ACCOUNT_PROMPT).minimumDigits(1)
                    .maximumDigits(8).terminatingDigit("#").validDigits("0123456789#"), ACCOUNT, Step.MAIN_MENU,
                    Step.ACCOUNT);
            return;
        }
        if (ACCOUNT.equals(menu) && valid) {
            calls.computeIfPresent(id, (k, o) -> new Outcome(o.step(), o.choice(), e.digits()));
        } else if (MAIN_MENU.equals(menu)) {
            calls.computeIfPresent(id, (k, o) -> new Outcome(o.step(), e.digits(), null));
        }
        client.async().calls().actions().hangup(id);
    }

    /**
     * Speaks a prompt and gathers keys for menu. The call moves from one step to the next only once the server
     * accepted the gather: keys pressed before that are not counted (no type-ahead), so a caller (or a test)
     * waiting for the step knows its keys will be.
     */
    private void ask(VoicegatherClient client, String id, ActionGatherUsingSpeakParams.Builder gather, String menu,
                     Step from, Step to) {
        client.async().calls().actions().gatherUsingSpeak(id, gather.voice(VOICE).clientState(state(menu)).build())
                .thenRun(() -> calls.computeIfPresent(id, (k, o) -> o.step() == from
                        ? new Outcome(to, o.choice(), o.account()) : o));
    }

    private static String state(String menu) {
        return Base64.getEncoder().encodeToString(menu.getBytes(StandardCharsets.UTF_8));
    }

    /** The menu a gather belonged to, from the client_state it was sent with; null for someone else's gather. */
    private static String menuOf(CallGatherEnded e) {
        String state = e.call().clientState();
        if (state == null) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(state), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
