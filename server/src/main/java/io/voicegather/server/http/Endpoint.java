package io.voicegather.server.http;

import java.util.Set;

/** The resources of the REST surface and the methods each accepts. */
enum Endpoint {
    ANSWER(Set.of("POST")),
    HANGUP(Set.of("POST")),
    GATHER(Set.of("POST")),
    GATHER_STOP(Set.of("POST")),
    GATHER_USING_AUDIO(Set.of("POST")),
    GATHER_USING_SPEAK(Set.of("POST")),
    PLAYBACK_START(Set.of("POST")),
    PLAYBACK_STOP(Set.of("POST")),
    SPEAK(Set.of("POST")),
    SEND_DTMF(Set.of("POST")),
    GATHER_USING_AI(Set.of("POST")),
    AI_ASSISTANT_START(Set.of("POST")),
    AI_ASSISTANT_STOP(Set.of("POST")),
    AI_ASSISTANT_ADD_MESSAGES(Set.of("POST")),
    /** Telnyx documents PUT; POST is accepted too because SDKs and hand-written clients use both. */
    CLIENT_STATE_UPDATE(Set.of("PUT", "POST")),
    RETRIEVE_CALL(Set.of("GET")),
    PUBLIC_KEY(Set.of("GET")),
    /** The API's own OpenAPI document; the one resource served without an API key. */
    OPENAPI_DOCUMENT(Set.of("GET"));

    private final Set<String> methods;

    Endpoint(Set<String> methods) {
        this.methods = methods;
    }

    boolean allows(String method) {
        return methods.contains(method);
    }

    /** For the Allow header of a 405, in a stable order. */
    String allowHeader() {
        return methods.size() == 1 ? methods.iterator().next() : "POST, PUT";
    }

    static Endpoint forAction(String action) {
        return switch (action) {
            case "answer" -> ANSWER;
            case "hangup" -> HANGUP;
            case "gather" -> GATHER;
            case "gather_stop" -> GATHER_STOP;
            case "gather_using_audio" -> GATHER_USING_AUDIO;
            case "gather_using_speak" -> GATHER_USING_SPEAK;
            case "playback_start" -> PLAYBACK_START;
            case "playback_stop" -> PLAYBACK_STOP;
            case "speak" -> SPEAK;
            case "send_dtmf" -> SEND_DTMF;
            case "gather_using_ai" -> GATHER_USING_AI;
            case "ai_assistant_start" -> AI_ASSISTANT_START;
            case "ai_assistant_stop" -> AI_ASSISTANT_STOP;
            case "ai_assistant_add_messages" -> AI_ASSISTANT_ADD_MESSAGES;
            case "client_state_update" -> CLIENT_STATE_UPDATE;
            default -> null;
        };
    }
}
