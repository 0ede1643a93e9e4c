package io.voicegather.api.error;

/**
 * One error in Telnyx's shape: {@code {"code","title","detail","source":{"pointer"}}}.
 * The HTTP status travels with it so that every layer can raise a complete error.
 *
 * @param status  HTTP status (401, 404, 422, ...)
 * @param code    Telnyx error code as text, e.g. "90018"
 * @param title   short title
 * @param detail  human-readable detail, may be null
 * @param pointer JSON pointer of the offending body field (e.g. "/maximum_digits"), may be null
 */
public record ApiError(int status, String code, String title, String detail, String pointer) {

    public static ApiError unauthorized() {
        return new ApiError(401, "10009", "Authentication failed",
                "The API key is missing or not valid. Send 'Authorization: Bearer <API key>'.", null);
    }

    public static ApiError invalidCallControlId(String id) {
        return new ApiError(422, "90015", "Invalid Call Control ID",
                "No call is known with call_control_id '" + id + "'.", "/call_control_id");
    }

    public static ApiError callEnded() {
        return new ApiError(422, "90018", "Call has already ended",
                "This call is no longer active and can't receive commands.", "/call_control_id");
    }

    public static ApiError notAnswered() {
        return new ApiError(422, "90034", "Call not answered yet",
                "This command requires an answered call; send 'answer' first.", "/call_control_id");
    }

    public static ApiError missingParameter(String field) {
        return new ApiError(422, "10004", "Missing required parameter",
                "The '" + field + "' parameter is required.", "/" + field);
    }

    public static ApiError invalidValue(String field, String detail) {
        return new ApiError(422, "10015", "Invalid value", detail, "/" + field);
    }

    public static ApiError invalidEnum(String field, String allowed) {
        return new ApiError(422, "10032", "Invalid enumerated value",
                "The value must be one of: " + allowed + ".", "/" + field);
    }

    public static ApiError outOfRange(String field, long min, long max) {
        return new ApiError(422, "10033", "Value outside of range",
                "The value of '" + field + "' must be in the allowed range " + min + " to " + max + ".", "/" + field);
    }

    /** Raised by the call layer: ai_assistant_start (or gather_using_ai) while an assistant already runs on the call. */
    public static ApiError aiAssistantAlreadyRunning() {
        return new ApiError(422, "90061", "AI assistant already running",
                "An AI assistant is already running on this call; send 'ai_assistant_stop' first.",
                "/call_control_id");
    }

    /** Raised by the call layer: ai_assistant_add_messages while no assistant runs on the call (a code of ours). */
    public static ApiError noAiAssistantRunning() {
        return new ApiError(422, "90062", "No AI assistant running",
                "There is no AI assistant running on this call; start one with 'ai_assistant_start'.",
                "/call_control_id");
    }

    /**
     * Raised by the call layer (a code of ours): send_dtmf whose keys and pauses, with those already waiting on the
     * call, would be more than {@code max}. Nothing of the command is queued.
     */
    public static ApiError tooManyDtmfKeysQueued(int waiting, int requested, int max) {
        return new ApiError(422, "90063", "Too many keys queued",
                "This call already has " + waiting + " keys and pauses waiting to be sent; " + requested
                        + " more would go past the limit of " + max + ". Send them once earlier keys have gone out.",
                "/digits");
    }

    /** Raised by the call layer: ai_assistant_start on a server with no language model configured. */
    public static ApiError noLanguageModel() {
        return new ApiError(422, "10015", "Invalid value",
                "No language model is configured: start the server with --llm-url (an OpenAI-compatible chat "
                        + "completions server such as Ollama) to run an AI assistant.", null);
    }

    /** The detail of {@link #noSpeechRecogniser()}, exactly. */
    public static final String NO_SPEECH_RECOGNISER_DETAIL = "No speech recogniser is configured: start the server "
            + "with --stt-url (an OpenAI-compatible transcription server) or --vosk-model (a Vosk model folder), or "
            + "ask only for fields that can be answered on the keypad (integer, number, boolean, enum of up to 9 "
            + "values).";

    /** ai_assistant_start names an assistant the server does not know and does not define it inline. */
    public static ApiError unknownAssistant(String id) {
        return new ApiError(422, "10015", "Invalid value", "No assistant with id '" + id + "' is defined on this"
                + " server: create it with POST /v2/ai/assistants or list it in the --assistants-file, or send its"
                + " 'instructions' inline.", "/assistant/id");
    }

    /**
     * Raised by the call layer: the call did not get to the command within the command wait (it was busy with
     * earlier work), so the command was dropped unapplied, and its command_id is not remembered.
     */
    public static ApiError callBusy(long waitedMillis) {
        return new ApiError(503, "90064", "Call is busy", "The call did not get to this command within "
                + waitedMillis + " ms; the command was not applied. Retry it.", null);
    }

    /**
     * Raised by the call layer: answer found every RTP port pair of the server in use. Nothing was applied and the
     * call is still parked: answer may be sent again, or hangup.
     */
    public static ApiError noMediaPort() {
        return new ApiError(503, "90065", "No media port free", "Every RTP port pair of the server is in use, so"
                + " the call could not be answered; it is still parked. Retry the answer, or hang up.", null);
    }

    /**
     * Raised by the call layer (a code of ours): the server cannot record events now (its data disk refuses writes)
     * and holds nearly as many in memory as it may, so a command that would make the call emit more is refused
     * unapplied; hangup is still taken.
     */
    public static ApiError eventsNotRecorded() {
        return new ApiError(503, "90066", "Events cannot be recorded", "The server cannot record call events at the"
                + " moment (its data disk refuses writes) and keeps as many waiting as it may; the command was not"
                + " applied. Retry it later; hangup is still accepted.", null);
    }

    /**
     * Raised by the call layer: gather_using_ai asks for a field only speech can answer (free text, a long enum...)
     * and the server has no speech recogniser.
     */
    public static ApiError noSpeechRecogniser() {
        return new ApiError(422, "10015", "Invalid value", NO_SPEECH_RECOGNISER_DETAIL, "/parameters");
    }
}
