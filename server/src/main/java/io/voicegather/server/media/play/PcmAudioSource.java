package io.voicegather.server.media.play;

import io.voicegather.server.media.AudioSource;
import java.util.function.Consumer;

/**
 * Plays a {@link PcmAudio} once, a number of times, or until stopped. {@link #read} copies straight from the
 * prompt (no allocation, no locking) and is called only on the media clock thread.
 *
 * <p>The optional listener hears the end (the session calls {@link #finished} once, on the clock thread):
 * {@code true} when the last play ran out, {@code false} when playback was stopped or replaced first.
 */
public final class PcmAudioSource implements AudioSource {
    /** Loop count meaning "until stopped". */
    public static final int FOREVER = -1;

    private final PcmAudio audio;
    private final int plays;
    private final Consumer<Boolean> onFinished;
    private int position;
    private int played;

    /**
     * @param plays how many times to play the audio (at least 1), or {@link #FOREVER}
     * @param onFinished told once whether playback completed; may be null
     */
    public PcmAudioSource(PcmAudio audio, int plays, Consumer<Boolean> onFinished) {
        if (audio == null) {
            throw new IllegalArgumentException("audio");
        }
        if (plays < 1 && plays != FOREVER) {
            throw new IllegalArgumentException("plays must be >= 1 or FOREVER");
        }
        this.audio = audio;
        this.plays = plays;
        this.onFinished = onFinished;
    }

    public static PcmAudioSource once(PcmAudio audio) {
        return new PcmAudioSource(audio, 1, null);
    }

    @Override
    public int read(short[] pcm8k, int count) {
        int length = audio.length();
        if (length == 0) {
            return 0; // nothing to loop over: end rather than spin
        }
        int written = 0;
        while (written < count && (plays == FOREVER || played < plays)) {
            int n = Math.min(count - written, length - position);
            audio.copyTo(position, pcm8k, written, n);
            written += n;
            position += n;
            if (position == length) {
                position = 0;
                if (plays != FOREVER) {
                    played++;
                }
            }
        }
        return written;
    }

    @Override
    public void finished(boolean completed) {
        if (onFinished != null) {
            onFinished.accept(completed);
        }
    }

    public PcmAudio audio() {
        return audio;
    }
}
