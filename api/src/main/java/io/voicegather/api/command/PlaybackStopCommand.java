package io.voicegather.api.command;

/**
 * {@code POST /v2/calls/{id}/actions/playback_stop}, defaults applied.
 *
 * @param stop    which queued audio to stop; {@link Stop#ALL} when not sent
 * @param overlay true to stop the overlay playback rather than the main one; false when not sent
 */
public record PlaybackStopCommand(CommandMeta meta, Stop stop, boolean overlay) {

    /** The {@code stop} field of playback_stop, playback_start and speak. */
    public enum Stop {
        /** Stop what is playing now; the next queued item starts. */
        CURRENT,
        /** Stop what is playing now and empty the queue. */
        ALL;

        /** The wire text: "current" or "all". */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
