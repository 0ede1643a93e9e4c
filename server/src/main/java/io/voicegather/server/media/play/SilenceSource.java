package io.voicegather.server.media.play;

import io.voicegather.server.media.AudioSource;
import java.util.Arrays;

/** A pause of fixed length (an SSML break, a gap between queued prompts). Media clock thread only. */
public final class SilenceSource implements AudioSource {
    private int remaining;

    public SilenceSource(int millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must be >= 0");
        }
        this.remaining = millis * (PcmAudio.SAMPLE_RATE / 1000);
    }

    @Override
    public int read(short[] pcm8k, int count) {
        int n = Math.min(count, remaining);
        Arrays.fill(pcm8k, 0, n, (short) 0);
        remaining -= n;
        return n;
    }
}
