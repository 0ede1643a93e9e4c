package io.voicegather.server.media.play;

import java.util.Arrays;

/** An immutable prompt: 8 kHz 16-bit mono PCM, ready for the media clock. Safe to share between calls. */
public final class PcmAudio {
    public static final int SAMPLE_RATE = 8000;
    public static final PcmAudio EMPTY = new PcmAudio(new short[0]);

    private final short[] samples;

    private PcmAudio(short[] samples) {
        this.samples = samples;
    }

    /** A copy of {@code samples} (8 kHz mono). */
    public static PcmAudio of(short[] samples) {
        return new PcmAudio(samples.clone());
    }

    /** Takes ownership of an array nobody else holds. */
    static PcmAudio wrap(short[] samples) {
        return new PcmAudio(samples);
    }

    public static PcmAudio silence(int millis) {
        return new PcmAudio(new short[Math.max(0, millis) * (SAMPLE_RATE / 1000)]);
    }

    public int length() {
        return samples.length;
    }

    public long durationMillis() {
        return samples.length * 1000L / SAMPLE_RATE;
    }

    public short sample(int index) {
        return samples[index];
    }

    /** Copies {@code count} samples from {@code from} into {@code dest} at {@code destOffset}. */
    public void copyTo(int from, short[] dest, int destOffset, int count) {
        System.arraycopy(samples, from, dest, destOffset, count);
    }

    public short[] toArray() {
        return samples.clone();
    }

    /** Size in bytes as 16-bit PCM (what a cache accounts for). */
    public long byteSize() {
        return 2L * samples.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcmAudio other && Arrays.equals(samples, other.samples);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "PcmAudio[" + durationMillis() + " ms]";
    }
}
