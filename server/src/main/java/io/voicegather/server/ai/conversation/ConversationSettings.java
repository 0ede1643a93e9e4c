package io.voicegather.server.ai.conversation;

/**
 * The per-conversation knobs, from the command that started it.
 *
 * @param interruptible           caller speech or a key cuts the assistant's speech short (never its closing words)
 * @param userResponseTimeoutMillis how long the caller has to start answering once the assistant stopped speaking
 * @param language                recognition language hint (ISO 639-1), or null
 * @param gatherEndedSpeech       said after the last field of a gather, or null
 * @param keypadInterDigitMillis  a keypad answer without {@code #} ends after this pause
 * @param fallbackSpeech          said when something failed inside and there is nothing better to say
 */
public record ConversationSettings(boolean interruptible, long userResponseTimeoutMillis, boolean sendHistoryUpdates,
                                   boolean sendPartialResults, String language, String gatherEndedSpeech,
                                   long keypadInterDigitMillis, String fallbackSpeech) {
    public static final long DEFAULT_KEYPAD_INTER_DIGIT_MILLIS = 3000;
    public static final String DEFAULT_FALLBACK_SPEECH = "Sorry, something went wrong on our side. Please say that again.";
}
