package io.voicegather.api.command;

/**
 * {@code POST /v2/calls/{id}/actions/gather_using_audio}, with every default applied and every range checked.
 *
 * @param prompt                  played at the start of each try; an audio_url or a media_name, never content
 * @param invalidPrompt           played after invalid input, before the next try; null when not sent
 * @param maximumTries            1..10 (default 3)
 * @param timeoutMillis           no-input wait, counted from the end of the prompt
 * @param terminatingDigit        one character of {@code 0-9 * # A-D}, or null for no terminator
 */
public record GatherUsingAudioCommand(CommandMeta meta,
                                      PlaybackStartCommand.Audio prompt,
                                      PlaybackStartCommand.Audio invalidPrompt,
                                      int minimumDigits,
                                      int maximumDigits,
                                      int maximumTries,
                                      long timeoutMillis,
                                      long interDigitTimeoutMillis,
                                      String terminatingDigit,
                                      String validDigits) {

    public static final int DEFAULT_MAXIMUM_TRIES = 3;
    public static final int MAX_MAXIMUM_TRIES = 10;
}
