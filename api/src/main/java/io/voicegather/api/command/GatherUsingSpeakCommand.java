package io.voicegather.api.command;

/**
 * {@code POST /v2/calls/{id}/actions/gather_using_speak}, with every default applied and every range checked.
 *
 * @param prompt           spoken at the start of each try
 * @param invalidPrompt    spoken after invalid input (prompt's voice and settings, invalid_payload's text);
 *                         null when not sent
 * @param maximumTries     1..10 (default 3)
 * @param timeoutMillis    no-input wait, counted from the end of the speech
 * @param terminatingDigit one character of {@code 0-9 * # A-D}, or null for no terminator
 */
public record GatherUsingSpeakCommand(CommandMeta meta,
                                      SpeakCommand.Speech prompt,
                                      SpeakCommand.Speech invalidPrompt,
                                      int minimumDigits,
                                      int maximumDigits,
                                      int maximumTries,
                                      long timeoutMillis,
                                      long interDigitTimeoutMillis,
                                      String terminatingDigit,
                                      String validDigits) {
}
