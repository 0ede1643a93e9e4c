package io.voicegather.server.media;

/**
 * 8 kHz 16-bit mono audio pulled by the media clock, one packet's worth (160 samples) per 20 ms tick. Called only
 * on the media clock thread; must not block (pre-decode or buffer the audio).
 */
public interface AudioSource {
    /**
     * Writes up to {@code count} samples into {@code pcm8k} from index 0.
     *
     * @return samples written; fewer than {@code count} (0 or negative included) means the source is exhausted, the
     *     rest of the packet is sent as silence and playback ends
     */
    int read(short[] pcm8k, int count);

    /**
     * Playback of this source is over: {@code completed} is true when it ran out, false when it was stopped or
     * replaced. Called once per play, after the last {@link #read}, on the media clock thread; only a source whose
     * session no clock ticks any more (see {@link RtpSession}, Lifecycle) hears it on the thread that closed the
     * session or played it after close.
     */
    default void finished(boolean completed) {
    }
}
