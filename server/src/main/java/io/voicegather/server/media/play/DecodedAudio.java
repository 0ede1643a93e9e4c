package io.voicegather.server.media.play;

/**
 * Mono 16-bit PCM at its original sample rate, as decoded from a file. The array is owned by this record and must
 * not be changed after construction.
 */
public record DecodedAudio(short[] samples, int sampleRate) {
    public DecodedAudio {
        if (samples == null || sampleRate <= 0) {
            throw new IllegalArgumentException("samples and a positive sample rate are required");
        }
    }

    public double durationSeconds() {
        return (double) samples.length / sampleRate;
    }
}
