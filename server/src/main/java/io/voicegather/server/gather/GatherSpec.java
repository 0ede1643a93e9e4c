package io.voicegather.server.gather;

/**
 * The knobs of one DTMF gather, already validated.
 *
 * @param terminatingDigit the terminator, or 0 (the NUL char) for none
 * @param validDigits      the accepted digits
 */
public record GatherSpec(int minimumDigits,
                         int maximumDigits,
                         long timeoutMillis,
                         long initialTimeoutMillis,
                         long interDigitTimeoutMillis,
                         char terminatingDigit,
                         String validDigits,
                         String gatherId) {
}
