package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/playback_stop}. Stops audio playback.
 */
public final class ActionStopPlaybackParams extends ActionParams {
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

    private ActionStopPlaybackParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public Optional<String> stop() {
        return get("stop", String.class);
    }

    public Optional<Boolean> overlay() {
        return get("overlay", Boolean.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionStopPlaybackParams, Builder> {
        private Builder() {
        }

        public Builder stop(Stop stop) {
            return put("stop", stop == null ? null : stop.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder stop(String stop) {
            return put("stop", stop);
        }

        /** Play on top of the current playback. */
        public Builder overlay(boolean overlay) {
            return put("overlay", overlay);
        }

        @Override
        public ActionStopPlaybackParams build() {
            return new ActionStopPlaybackParams(this);
        }
    }
}
