package io.voicegather.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.voicegather.api.error.ApiError;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.ops.CallEventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.Predicate;

/**
 * The live console in the browser (docs/console.md): a login form at {@code /} that takes the API key and gives a
 * session cookie, the console page at {@code /console}, and the data it reads at {@code /console/api/events} (the
 * call events, as {@code GET /v2/call_events} answers them). Nothing but the login form is served without a valid
 * session, and the form shows no data.
 */
final class ConsoleHandler implements HttpHandler {
    static final String COOKIE = "vg_console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    private static final int MAX_FORM_BYTES = 4096;
    private static final String CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'";
    private static final long REPLAY_WAIT_SECONDS = 5;
    private static final byte[] NOT_LOGGED_IN = ("{\"errors\":[{\"code\":\"10009\",\"title\":\"Authentication failed\","
            + "\"detail\":\"Log in to the console.\"}]}").getBytes(StandardCharsets.UTF_8);

    private final CallEventLog log;
    private final Function<String, CompletableFuture<Boolean>> replay;
    private final Supplier<ObjectNode> stats;
    private final Function<String, ArrayNode> sip;
    private final Predicate<String> apiKeyCheck;
    private final ConsoleSessions sessions;
    private final byte[] loginPage = resource("login.html");
    private final byte[] consolePage = resource("console.html");
    private final byte[] phonePage = resource("phone.html");
    private final IntSupplier devPhonePort;

    /** @param devPhonePort the dev phone's WebSocket port, for its page at /phone; 0 when it is off */
    ConsoleHandler(ConsoleSources sources, Predicate<String> apiKeyCheck, Clock clock, IntSupplier devPhonePort) {
        this.log = sources.events();
        this.replay = sources.replay();
        this.stats = sources.stats();
        this.sip = sources.sip();
        this.apiKeyCheck = apiKeyCheck;
        this.sessions = new ConsoleSessions(clock);
        this.devPhonePort = devPhonePort;
    }

    /** Whether a console cookie's value is a live session (the dev phone's WebSocket asks). */
    boolean sessionValid(String token) {
        return sessions.valid(token);
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange);
            } catch (RuntimeException e) {
                LOG.error("console request {} failed", exchange.getRequestURI().getRawPath(), e);
                send(exchange, 500, "text/plain; charset=utf-8", "internal error\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.debug("I/O error on a console exchange: {}", e.toString());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        boolean loggedIn = sessions.valid(sessionToken(exchange));
        switch (path) {
            case "/" -> {
                if (loggedIn) {
                    redirect(exchange, "/console");
                } else {
                    send(exchange, 200, "text/html; charset=utf-8", loginPage);
                }
            }
            case "/console/login" -> {
                if (!method.equals("POST")) {
                    send(exchange, 405, "text/plain; charset=utf-8", "use the form\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String key = formField(exchange, "api_key");
                if (key == null || !apiKeyCheck.test(key)) {
                    send(exchange, 401, "text/html; charset=utf-8", loginPageWith("That is not an API key of this server."));
                    return;
                }
                exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + sessions.open()
                        + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + ConsoleSessions.LIFETIME.toSeconds());
                redirect(exchange, "/console");
            }
            case "/console/logout" -> {
                sessions.close(sessionToken(exchange));
                exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                redirect(exchange, "/");
            }
            case "/console" -> {
                if (loggedIn) {
                    send(exchange, 200, "text/html; charset=utf-8", consolePage);
                } else {
                    redirect(exchange, "/");
                }
            }
            case "/phone" -> {
                if (loggedIn) {
                    phonePage(exchange);
                } else {
                    redirect(exchange, "/");
                }
            }
            case "/console/api/events" -> {
                if (!loggedIn) {
                    send(exchange, 401, "application/json", NOT_LOGGED_IN);
                    return;
                }
                send(exchange, 200, "application/json",
                        CallEventsHandler.page(log, exchange.getRequestURI().getRawQuery()));
            }
            case "/console/api/stats" -> {
                if (!loggedIn) {
                    send(exchange, 401, "application/json", NOT_LOGGED_IN);
                    return;
                }
                send(exchange, 200, "application/json", Json.write(stats.get()).getBytes(StandardCharsets.UTF_8));
            }
            case "/console/api/sip" -> { // ?leg_id=…: the call's SIP messages, oldest first
                if (!loggedIn) {
                    send(exchange, 401, "application/json", NOT_LOGGED_IN);
                    return;
                }
                String leg = QueryParameters.last(QueryParameters.parse(exchange.getRequestURI().getRawQuery()),
                        "leg_id");
                send(exchange, 200, "application/json", Json.write(sip.apply(leg)).getBytes(StandardCharsets.UTF_8));
            }
            case "/console/api/replay" -> {
                if (!loggedIn) {
                    send(exchange, 401, "application/json", NOT_LOGGED_IN);
                    return;
                }
                if (!method.equals("POST")) {
                    send(exchange, 405, "application/json", Json.errorBody(List.of(
                            HttpErrors.methodNotAllowed(method, "POST"))).getBytes(StandardCharsets.UTF_8));
                    return;
                }
                replay(exchange, formField(exchange, "event_id"));
            }
            default -> send(exchange, 404, "application/json", // as the API answers an unknown path
                    Json.errorBody(List.of(HttpErrors.notFound())).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Waits for the outbox to queue the replay, a few seconds at most: an operator's click, not a call's path. */
    private void replay(HttpExchange exchange, String eventId) throws IOException {
        if (eventId == null || eventId.isBlank()) {
            send(exchange, 422, "application/json", Json.errorBody(List.of(
                    ApiError.missingParameter("event_id"))).getBytes(StandardCharsets.UTF_8));
            return;
        }
        boolean found;
        try {
            found = replay.apply(eventId).get(REPLAY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            send(exchange, 503, "application/json", Json.errorBody(List.of(HttpErrors.internal()))
                    .getBytes(StandardCharsets.UTF_8));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!found) {
            send(exchange, 404, "application/json", Json.errorBody(List.of(HttpErrors.notFound()))
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(exchange, 202, "application/json",
                "{\"data\":{\"result\":\"replay queued\"}}".getBytes(StandardCharsets.UTF_8));
    }

    private byte[] loginPageWith(String message) {
        String page = new String(loginPage, StandardCharsets.UTF_8);
        return page.replace("<p id=\"message\"></p>", "<p id=\"message\" role=\"alert\">" + message + "</p>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sessionToken(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    /** One field of an application/x-www-form-urlencoded body, or null. */
    private static String formField(HttpExchange exchange, String name) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_FORM_BYTES);
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void redirect(HttpExchange exchange, String to) throws IOException {
        exchange.getResponseHeaders().set("Location", to);
        exchange.sendResponseHeaders(303, -1);
    }

    /** The dev phone's page, told its WebSocket's port; its content security policy lets it reach that port only. */
    private void phonePage(HttpExchange exchange) throws IOException {
        int port = devPhonePort.getAsInt();
        String host = exchange.getRequestHeaders().getFirst("Host");
        String hostName = host == null ? null : host.replaceFirst(":[0-9]+$", "");
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP + "; connect-src 'self'"
                + (port == 0 || hostName == null || !hostName.matches("[A-Za-z0-9.\\-\\[\\]:]+") ? ""
                : " ws://" + hostName + ":" + port + " wss://" + hostName + ":" + port));
        send(exchange, 200, "text/html; charset=utf-8", new String(phonePage, StandardCharsets.UTF_8)
                .replace("data-port=\"0\"", "data-port=\"" + port + "\"").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().putIfAbsent("Content-Security-Policy", List.of(CSP));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConsoleHandler.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing console resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
