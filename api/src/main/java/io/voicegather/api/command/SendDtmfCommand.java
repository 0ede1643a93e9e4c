package io.voicegather.api.command;

/**
 * {@code POST /v2/calls/{id}/actions/send_dtmf}, with its default applied and every value checked.
 *
 * @param digits         1..{@value #MAX_DIGITS} characters of {@link DtmfKey}s (lowercase {@code a-d} arrive
 *                       here already uppercased) and the pauses {@code w} (0.5 s) and {@code W} (1 s)
 * @param durationMillis how long each key sounds, {@value #MIN_DURATION_MILLIS}..{@value #MAX_DURATION_MILLIS};
 *                       {@value #DEFAULT_DURATION_MILLIS} when not sent
 */
public record SendDtmfCommand(CommandMeta meta, String digits, int durationMillis) {
    /** Our cap on the length of {@code digits} (Telnyx documents none). */
    public static final int MAX_DIGITS = 128;
    public static final int DEFAULT_DURATION_MILLIS = 250;
    public static final int MIN_DURATION_MILLIS = 100;
    public static final int MAX_DURATION_MILLIS = 500;
    public static final char SHORT_PAUSE = 'w';
    public static final char LONG_PAUSE = 'W';
    public static final int SHORT_PAUSE_MILLIS = 500;
    public static final int LONG_PAUSE_MILLIS = 1000;

    public SendDtmfCommand {
        if (meta == null || digits == null || digits.isEmpty()) {
            throw new IllegalArgumentException("meta and digits are required");
        }
    }
}
