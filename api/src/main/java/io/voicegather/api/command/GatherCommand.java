package io.voicegather.api.command;

/**
 * {@code POST /v2/calls/{id}/actions/gather}, with every default already applied and every range checked.
 *
 * @param terminatingDigit one character of {@code 0-9 * # A-D}, or null for no terminator
 * @param gatherId         the caller's id, or a generated one; echoed in call.gather.ended
 */
public record GatherCommand(CommandMeta meta,
                            int minimumDigits,
                            int maximumDigits,
                            long timeoutMillis,
                            long initialTimeoutMillis,
                            long interDigitTimeoutMillis,
                            String terminatingDigit,
                            String validDigits,
                            String gatherId) {

    public static final int DEFAULT_MINIMUM_DIGITS = 1;
    public static final int DEFAULT_MAXIMUM_DIGITS = 128;
    public static final long DEFAULT_TIMEOUT_MILLIS = 60_000;
    public static final long DEFAULT_INITIAL_TIMEOUT_MILLIS = 5_000;
    public static final long DEFAULT_INTER_DIGIT_TIMEOUT_MILLIS = 5_000;
    public static final String DEFAULT_TERMINATING_DIGIT = "#";
    public static final String DEFAULT_VALID_DIGITS = "0123456789#*";
}
