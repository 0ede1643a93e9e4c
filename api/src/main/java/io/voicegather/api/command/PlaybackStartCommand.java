package io.voicegather.api.command;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code POST /v2/calls/{id}/actions/playback_start}, with every default applied and every value checked.
 *
 * @param audio      what to play (exactly one source)
 * @param loop       how many times to play it, 1..100, or {@link #LOOP_INFINITY}
 * @param overlay    play on top of the current playback instead of queueing behind it
 * @param stop       what to stop before this one starts; null when not sent (the audio is queued)
 * @param targetLegs which legs hear it; accepted as sent, only {@link TargetLegs#SELF} is honoured by this server
 * @param cacheAudio whether a fetched {@code audio_url} may be served from and stored in the cache
 */
public record PlaybackStartCommand(CommandMeta meta,
                                   Audio audio,
                                   int loop,
                                   boolean overlay,
                                   PlaybackStopCommand.Stop stop,
                                   TargetLegs targetLegs,
                                   boolean cacheAudio) {

    public static final int DEFAULT_LOOP = 1;
    public static final int MAX_LOOP = 100;
    /**
     * {@code "loop":"infinity"}: play until stopped. Integer.MAX_VALUE so that a plain counting loop also
     * behaves (it would take years to run out).
     */
    public static final int LOOP_INFINITY = Integer.MAX_VALUE;

    public boolean loopsForever() {
        return loop == LOOP_INFINITY;
    }

    /** The {@code audio_type} of inline {@code playback_content}. */
    public enum AudioType {
        MP3, WAV;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The {@code target_legs} field of playback_start and speak. */
    public enum TargetLegs {
        SELF, OPPOSITE, BOTH;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One audio source: exactly one of {@code audioUrl} (absolute http/https URL), {@code mediaName} (a Media
     * Storage name) and {@code content} (inline audio bytes, already Base64-decoded) is non-null. Also used for
     * the prompts of gather_using_audio, where content is always null.
     *
     * @param audioType the audio_type sent with playback_start, MP3 by default (always MP3 for gather_using_audio);
     *                  a hint only: WAV and MP3 can be told apart by their first bytes
     */
    public record Audio(String audioUrl, String mediaName, byte[] content, AudioType audioType) {
        public Audio {
            int sources = (audioUrl != null ? 1 : 0) + (mediaName != null ? 1 : 0) + (content != null ? 1 : 0);
            if (sources != 1) {
                throw new IllegalArgumentException("exactly one audio source is required, got " + sources);
            }
            Objects.requireNonNull(audioType, "audioType");
        }

        public static Audio url(String audioUrl) {
            return new Audio(audioUrl, null, null, AudioType.MP3);
        }

        public static Audio mediaName(String mediaName) {
            return new Audio(null, mediaName, null, AudioType.MP3);
        }

        public static Audio content(byte[] content, AudioType audioType) {
            return new Audio(null, null, content, audioType);
        }

        /** Arrays compare by content, so that two commands built from the same body are equal. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Audio a && Objects.equals(audioUrl, a.audioUrl)
                    && Objects.equals(mediaName, a.mediaName) && Arrays.equals(content, a.content)
                    && audioType == a.audioType;
        }

        @Override
        public int hashCode() {
            return Objects.hash(audioUrl, mediaName, Arrays.hashCode(content), audioType);
        }

        @Override
        public String toString() {
            return "Audio[" + (audioUrl != null ? "audioUrl=" + audioUrl
                    : mediaName != null ? "mediaName=" + mediaName
                    : "content=" + content.length + " bytes") + ", audioType=" + audioType + "]";
        }
    }
}
