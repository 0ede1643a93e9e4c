package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/playback_start}. Plays audio on the call;
 * call.playback.started and call.playback.ended follow.
 */
public final class ActionStartPlaybackParams extends ActionParams {
    /** Values of {@code audio_type}. */
    public enum AudioType {
        MP3("mp3"),
        WAV("wav");

        private final String value;

        AudioType(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    /** Values of {@code stop}. */
    public enum Stop {
        CURRENT("current"),
        ALL("all");

        private final String value;

        Stop(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    /** Values of {@code target_legs}. */
    public enum TargetLegs {
        SELF("self"),
        OPPOSITE("opposite"),
        BOTH("both");

        private final String value;

        TargetLegs(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    private ActionStartPlaybackParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public Optional<String> audioUrl() {
        return get("audio_url", String.class);
    }

    public Optional<String> mediaName() {
        return get("media_name", String.class);
    }

    public Optional<String> playbackContent() {
        return get("playback_content", String.class);
    }

    public Optional<String> audioType() {
        return get("audio_type", String.class);
    }

    public Optional<Object> loop() {
        return get("loop", Object.class);
    }

    public Optional<Boolean> overlay() {
        return get("overlay", Boolean.class);
    }

    public Optional<String> stop() {
        return get("stop", String.class);
    }

    public Optional<String> targetLegs() {
        return get("target_legs", String.class);
    }

    public Optional<Boolean> cacheAudio() {
        return get("cache_audio", Boolean.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionStartPlaybackParams, Builder> {
        private Builder() {
        }

        /** WAV or MP3 URL; exclusive with media_name. */
        public Builder audioUrl(String audioUrl) {
            return put("audio_url", audioUrl);
        }

        /** Name of a stored media file; exclusive with audio_url. */
        public Builder mediaName(String mediaName) {
            return put("media_name", mediaName);
        }

        /** Base64 of an MP3 or WAV file to play instead of a URL. */
        public Builder playbackContent(String playbackContent) {
            return put("playback_content", playbackContent);
        }

        public Builder audioType(AudioType audioType) {
            return put("audio_type", audioType == null ? null : audioType.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder audioType(String audioType) {
            return put("audio_type", audioType);
        }

        /** How many times to play: 1 to 100, or "infinity". */
        public Builder loop(int times) {
            return put("loop", times);
        }

        /** Plays until stopped. */
        public Builder loopInfinity() {
            return put("loop", "infinity");
        }

        /** Play on top of the current playback. */
        public Builder overlay(boolean overlay) {
            return put("overlay", overlay);
        }

        public Builder stop(Stop stop) {
            return put("stop", stop == null ? null : stop.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder stop(String stop) {
            return put("stop", stop);
        }

        public Builder targetLegs(TargetLegs targetLegs) {
            return put("target_legs", targetLegs == null ? null : targetLegs.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder targetLegs(String targetLegs) {
            return put("target_legs", targetLegs);
        }

        /** Whether the audio file may be cached (server default true). */
        public Builder cacheAudio(boolean cacheAudio) {
            return put("cache_audio", cacheAudio);
        }

        @Override
        public ActionStartPlaybackParams build() {
            return new ActionStartPlaybackParams(this);
        }
    }
}
