package io.voicegather.server.e2e.peers;

import io.voicegather.api.command.DtmfKey;

/**
 * In-band DTMF as 8 kHz linear PCM: each digit is the sum of its Q.23 row and column sines, followed by
 * silence. Encode with {@link G711#encodeMuLaw(short[])} for PCMU, or write with {@link Wav}.
 */
public final class DtmfTones {
    /** Per-tone peak amplitude (two tones sum to about 70 % of full scale: loud, never clipped). */
    public static final double DEFAULT_AMPLITUDE = 0.35;
    private static final int RATE = 8000;
    private static final int[] ROWS = {697, 770, 852, 941};
    private static final int[] COLUMNS = {1209, 1336, 1477, 1633};

    private DtmfTones() {
    }

    /** Row and column frequency in Hz of a digit 0-9 * # A-D. */
    public static int[] frequencies(char digit) {
        int i = DtmfKey.keypadPosition(Character.toUpperCase(digit));
        if (i < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit);
        }
        return new int[]{ROWS[i / 4], COLUMNS[i % 4]};
    }

    /** Tone of toneMs then gapMs of silence, per digit. */
    public static short[] pcm(String digits, int toneMs, int gapMs, double amplitude) {
        int tone = RATE * toneMs / 1000;
        int gap = RATE * gapMs / 1000;
        short[] out = new short[digits.length() * (tone + gap)];
        int pos = 0;
        for (char c : digits.toCharArray()) {
            int[] f = frequencies(c);
            for (int n = 0; n < tone; n++) {
                double t = (double) n / RATE;
                double v = amplitude * (Math.sin(2 * Math.PI * f[0] * t) + Math.sin(2 * Math.PI * f[1] * t));
                out[pos++] = (short) Math.round(v * Short.MAX_VALUE);
            }
            pos += gap;
        }
        return out;
    }

    /** μ-law bytes of {@link #pcm}. */
    public static byte[] ulaw(String digits, int toneMs, int gapMs) {
        return G711.encodeMuLaw(pcm(digits, toneMs, gapMs, DEFAULT_AMPLITUDE));
    }
}
