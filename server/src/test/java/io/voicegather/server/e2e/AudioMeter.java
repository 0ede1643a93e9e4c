package io.voicegather.server.e2e;

/**
 * Frame-by-frame measures of 8 kHz audio, in 20 ms frames (one RTP packet): level, and how much of a frame's energy
 * lies at one frequency (a Goertzel filter). A clean sine at an exact bin gives a tone fraction near 1; speech,
 * noise or another tone give a small one.
 */
final class AudioMeter {
    static final int FRAME = 160;

    private AudioMeter() {
    }

    static double rms(short[] pcm, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return Math.sqrt(sum / n);
    }

    /** |X(hz)|² normalised by the frame energy: 1 for a pure sine at hz, about 0 without it; 0 for digital silence. */
    static double toneFraction(short[] pcm, int from, int n, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / PromptAudio.RATE);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = from; i < from + n; i++) {
            double s0 = pcm[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double) pcm[i] * pcm[i];
        }
        if (energy == 0) {
            return 0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * power / (n * energy);
    }

    /** Whether a frame is clearly the tone: audible (rms above minRms) and mostly at hz. */
    static boolean isTone(short[] pcm, int from, int n, double hz, double minRms) {
        return rms(pcm, from, n) >= minRms && toneFraction(pcm, from, n, hz) >= 0.6;
    }

    /** Per 20 ms frame: whether it is the tone. */
    static boolean[] toneFrames(short[] pcm, double hz, double minRms) {
        boolean[] out = new boolean[pcm.length / FRAME];
        for (int f = 0; f < out.length; f++) {
            out[f] = isTone(pcm, f * FRAME, FRAME, hz, minRms);
        }
        return out;
    }

    /** Per 20 ms frame: rms. */
    static double[] frameRms(short[] pcm) {
        double[] out = new double[pcm.length / FRAME];
        for (int f = 0; f < out.length; f++) {
            out[f] = rms(pcm, f * FRAME, FRAME);
        }
        return out;
    }

    /** The longest run of true, allowing gaps of up to maxGap false frames inside it (jitter-buffer hiccups). */
    static int longestRun(boolean[] frames, int maxGap) {
        int best = 0;
        int start = -1;
        int lastTrue = -1;
        for (int i = 0; i < frames.length; i++) {
            if (!frames[i]) {
                continue;
            }
            if (start < 0 || i - lastTrue - 1 > maxGap) {
                start = i;
            }
            lastTrue = i;
            best = Math.max(best, lastTrue - start + 1);
        }
        return best;
    }

    static int count(boolean[] frames) {
        int n = 0;
        for (boolean b : frames) {
            if (b) {
                n++;
            }
        }
        return n;
    }
}
