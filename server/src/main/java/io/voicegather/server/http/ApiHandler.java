package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.voicegather.api.command.CallStatus;
import io.voicegather.api.command.GatherUsingAudioCommand;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.api.json.Json;
import io.voicegather.server.call.CallControl;
import io.voicegather.server.media.play.AudioUrlGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one handler behind every path. Order of checks: overload (429), route exists (404; only outside /v2 before
 * auth), auth (401), method (405), id decoding (422 90015), body (400/413/422), then CallControl. Every answer,
 * errors included, is application/json. The OpenAPI document is the exception to auth: it describes the API and
 * holds nothing secret, so tools and SDK generators can fetch it without a key.
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /** Exchange attributes of a call command being answered: its name, its call and its body, for the observer. */
    /**
     * What one request turned out to be, for the observer. Not kept in the exchange's attributes: on JDK 17 those
     * are its context's map, shared by every request in flight.
     */
    private static final class Observed {
        String command;
        String callId;
        ObjectNode request;
    }
    private static final byte[] OK = "{\"data\":{\"result\":\"ok\"}}".getBytes(StandardCharsets.UTF_8);

    private final CallControl calls;
    private final Predicate<String> apiKeyCheck;
    private final Supplier<String> publicKeyBase64;
    private final int maxBodyBytes;
    private final AnsweredCommand.Observer observer;
    private final CallForwarder forwarder;
    private final AudioUrlGuard audioUrlGuard;

    /** @param forwarder sends commands for calls other nodes own to them; null for a single server */
    ApiHandler(CallControl calls, Predicate<String> apiKeyCheck, Supplier<String> publicKeyBase64, int maxBodyBytes,
               AnsweredCommand.Observer observer, CallForwarder forwarder, AudioUrlGuard audioUrlGuard) {
        this.observer = observer;
        this.forwarder = forwarder;
        this.audioUrlGuard = audioUrlGuard;
        this.calls = calls;
        this.apiKeyCheck = apiKeyCheck;
        this.publicKeyBase64 = publicKeyBase64;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A prompt whose audio_url is written as an address the guard blocks is refused (422 on the field). */
    private void requireAllowed(PlaybackStartCommand.Audio prompt, String field) {
        String refusal = prompt == null ? null : audioUrlGuard.literalRefusal(prompt.audioUrl());
        if (refusal != null) {
            throw new ApiException(ApiError.invalidValue(field, "'" + field + "' may not name this address: "
                    + refusal + "."));
        }
    }

    @Override
    public void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        Instant arrived = Instant.now();
        Observed observed = new Observed();
        try (exchange) {
            byte[] body;
            int status;
            String errorCode = null;
            try {
                if (forwarder != null && forwarder.forwarded(exchange)) {
                    return; // answered with the owner's answer
                }
                body = dispatch(exchange, observed);
                status = 200;
            } catch (ApiException e) {
                body = Json.errorBody(e.errors()).getBytes(StandardCharsets.UTF_8);
                status = e.status();
                errorCode = e.errors().get(0).code();
                addErrorHeaders(exchange, e.errors().get(0));
            } catch (RuntimeException | StackOverflowError e) {
                LOG.error("unexpected failure handling {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), e);
                body = Json.errorBody(List.of(HttpErrors.internal())).getBytes(StandardCharsets.UTF_8);
                status = 500;
                errorCode = HttpErrors.internal().code();
            }
            ResourceGate.sendJson(exchange, status, body);
            if (observed.command != null) {
                observer.answered(new AnsweredCommand(observed.command, observed.callId, observed.request, status,
                        errorCode, arrived, System.nanoTime() - start));
            }
        } catch (IOException e) {
            // The client went away mid-exchange; there is nobody left to answer.
            LOG.debug("I/O error on HTTP exchange: {}", e.toString());
        }
    }

    private byte[] dispatch(HttpExchange exchange, Observed observed) throws IOException {
        if (LoadSheddingExecutor.overloaded()) {
            throw new ApiException(HttpErrors.tooManyRequests());
        }
        String path = exchange.getRequestURI().getRawPath();
        if (path == null || !Router.underBase(path)) {
            throw new ApiException(HttpErrors.notFound());
        }
        Router.Match match = Router.match(path);
        String method = exchange.getRequestMethod();
        if (match != null && match.endpoint() == Endpoint.OPENAPI_DOCUMENT) {
            checkMethod(match, method);
            return OpenApiDocument.bytes();
        }
        String token = ApiKeys.bearerToken(exchange.getRequestHeaders().getFirst("Authorization"));
        if (token == null || !apiKeyCheck.test(token)) {
            throw new ApiException(ApiError.unauthorized());
        }
        if (match == null) {
            throw new ApiException(HttpErrors.notFound());
        }
        checkMethod(match, method);
        if (match.endpoint() == Endpoint.PUBLIC_KEY) {
            return publicKey();
        }
        String id = PathSegmentDecoder.decodeCallControlId(match.rawCallControlId());
        if (match.endpoint() == Endpoint.RETRIEVE_CALL) {
            CallStatus status = calls.retrieve(id);
            if (status == null) {
                throw new IllegalStateException("CallControl.retrieve returned null for " + id);
            }
            return CallStatusJson.render(status).getBytes(StandardCharsets.UTF_8);
        }
        observed.command = match.endpoint().name().toLowerCase(Locale.ROOT); // a call command: observed
        observed.callId = id;
        ObjectNode body = RequestBodies.parseObject(RequestBodies.read(exchange.getRequestBody(),
                exchange.getRequestHeaders().getFirst("Content-Length"), maxBodyBytes));
        observed.request = body;
        switch (match.endpoint()) {
            case ANSWER -> calls.answer(id, AnswerRequestParser.parse(body));
            case HANGUP -> calls.hangup(id, CommonRequestParser.hangup(body));
            case GATHER -> calls.gather(id, GatherRequestParser.parse(body));
            case GATHER_STOP -> calls.gatherStop(id, CommonRequestParser.meta(body));
            case GATHER_USING_AUDIO -> {
                GatherUsingAudioCommand command = GatherUsingAudioRequestParser.parse(body);
                requireAllowed(command.prompt(), "audio_url");
                requireAllowed(command.invalidPrompt(), "invalid_audio_url");
                calls.gatherUsingAudio(id, command);
            }
            case GATHER_USING_SPEAK -> calls.gatherUsingSpeak(id, GatherUsingSpeakRequestParser.parse(body));
            case PLAYBACK_START -> {
                PlaybackStartCommand command = PlaybackRequestParser.start(body);
                requireAllowed(command.audio(), "audio_url");
                calls.playbackStart(id, command);
            }
            case PLAYBACK_STOP -> calls.playbackStop(id, PlaybackRequestParser.stop(body));
            case SPEAK -> calls.speak(id, SpeakRequestParser.parse(body));
            case SEND_DTMF -> calls.sendDtmf(id, SendDtmfRequestParser.parse(body));
            case CLIENT_STATE_UPDATE -> calls.clientStateUpdate(id, CommonRequestParser.clientStateUpdate(body));
            case GATHER_USING_AI -> {
                return withConversationId(calls.gatherUsingAi(id, GatherUsingAiRequestParser.parse(body)));
            }
            case AI_ASSISTANT_START -> {
                return withConversationId(calls.aiAssistantStart(id, AiAssistantRequestParser.start(body)));
            }
            case AI_ASSISTANT_STOP -> calls.aiAssistantStop(id, CommonRequestParser.meta(body));
            case AI_ASSISTANT_ADD_MESSAGES -> calls.aiAssistantAddMessages(id,
                    AiAssistantRequestParser.addMessages(body));
            default -> throw new IllegalStateException("unrouted endpoint " + match.endpoint());
        }
        return OK;
    }

    /** {"data":{"result":"ok","conversation_id":...}} for the commands that start a conversation. */
    private static byte[] withConversationId(String conversationId) {
        if (conversationId == null) {
            throw new IllegalStateException("CallControl returned no conversation_id");
        }
        ObjectNode root = Json.object();
        root.putObject("data").put("result", "ok").put("conversation_id", conversationId);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    private static void checkMethod(Router.Match match, String method) {
        if (!match.endpoint().allows(method)) {
            throw new ApiException(HttpErrors.methodNotAllowed(method, match.endpoint().allowHeader()));
        }
    }

    private byte[] publicKey() {
        ObjectNode root = Json.object();
        root.putObject("data").put("public_key", publicKeyBase64.get()).put("algorithm", "ed25519");
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    private static void addErrorHeaders(HttpExchange exchange, ApiError first) {
        if (first.status() == 405) {
            Router.Match m = Router.match(exchange.getRequestURI().getRawPath());
            if (m != null) {
                exchange.getResponseHeaders().set("Allow", m.endpoint().allowHeader());
            }
        }
        ResourceGate.addErrorHeaders(exchange, first);
    }

}
