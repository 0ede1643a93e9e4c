package io.voicegather.server.gather;

/**
 * The knobs of one {@code gather_using_audio} / {@code gather_using_speak}, already validated. Unlike a plain gather
 * there is no initial and no overall timer: {@code timeoutMillis} is the no-input wait of each try, counted from the
 * moment that try's prompt ends.
 *
 * @param timeoutMillis      no-input wait after the prompt ends (Telnyx default 60000)
 * @param terminatingDigit   the terminator, or 0 (the NUL char) for none
 * @param maximumTries       how many attempts the caller gets (Telnyx default 3), at least 1
 * @param hasInvalidPrompt   whether {@code invalid_audio_url} / {@code invalid_media_name} / {@code invalid_payload}
 *                           was given
 * @param gatherId           echoed in the outcome; the owner makes one up when the command has none
 */
public record PromptedGatherSpec(int minimumDigits,
                                 int maximumDigits,
                                 long timeoutMillis,
                                 long interDigitTimeoutMillis,
                                 char terminatingDigit,
                                 String validDigits,
                                 int maximumTries,
                                 boolean hasInvalidPrompt,
                                 String gatherId) {

    public static final int DEFAULT_MAXIMUM_TRIES = 3;

    /**
     * The digit rules of one try, in the shape {@link DigitCollector} reads: the no-input wait plays the part of the
     * initial timer, armed only once the prompt has ended.
     */
    GatherSpec tryRules() {
        return new GatherSpec(minimumDigits, maximumDigits, Deadlines.NEVER, timeoutMillis, interDigitTimeoutMillis,
                terminatingDigit, validDigits, gatherId);
    }
}
