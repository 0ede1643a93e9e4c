package io.voicegather.server.media.tts;

/** Small 8 kHz PCM helpers shared by the engines: silence, edge trimming, level normalisation. */
final class Pcm {

    /** Target speech level: about -18 dBFS RMS (full scale = 32768), a usual telephony prompt level. */
    static final double TARGET_DBFS = -18.0;
    /** Samples quieter than this (about -50 dBFS) count as silence when trimming and measuring. */
    static final int SILENCE_THRESHOLD = 100;
    private static final int FRAME = 160;
    private static final int EDGE_MARGIN = 80; // 10 ms kept around trimmed speech so soft consonants survive

    private Pcm() {
    }

    static int samplesFor(int millis) {
        return (int) ((long) millis * TtsEngine.SAMPLE_RATE / 1000);
    }

    /** Drops leading and trailing silence, keeping a 10 ms margin; all-silent input gives an empty array. */
    static short[] trim(short[] pcm) {
        int first = 0;
        while (first < pcm.length && Math.abs(pcm[first]) < SILENCE_THRESHOLD) {
            first++;
        }
        if (first == pcm.length) {
            return new short[0];
        }
        int last = pcm.length - 1;
        while (last > first && Math.abs(pcm[last]) < SILENCE_THRESHOLD) {
            last--;
        }
        int from = Math.max(0, first - EDGE_MARGIN);
        int to = Math.min(pcm.length, last + 1 + EDGE_MARGIN);
        short[] out = new short[to - from];
        System.arraycopy(pcm, from, out, 0, out.length);
        return out;
    }

    /** RMS in dBFS over the 20 ms frames that are not silent; -infinity for silence. */
    static double activeRmsDbfs(short[] pcm) {
        double sum = 0;
        long count = 0;
        for (int start = 0; start < pcm.length; start += FRAME) {
            int end = Math.min(pcm.length, start + FRAME);
            double frame = 0;
            for (int i = start; i < end; i++) {
                frame += (double) pcm[i] * pcm[i];
            }
            if (Math.sqrt(frame / (end - start)) >= SILENCE_THRESHOLD) {
                sum += frame;
                count += end - start;
            }
        }
        return count == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(Math.sqrt(sum / count) / 32768.0);
    }

    /**
     * Scales speech in place so its active RMS is {@link #TARGET_DBFS}, never past 0.95 of full scale at the
     * peak (a peaky voice then ends a little quieter rather than clipped).
     */
    static short[] normalise(short[] pcm) {
        double level = activeRmsDbfs(pcm);
        if (level == Double.NEGATIVE_INFINITY) {
            return pcm;
        }
        int peak = 1;
        for (short s : pcm) {
            peak = Math.max(peak, Math.abs(s));
        }
        double gain = Math.min(Math.pow(10, (TARGET_DBFS - level) / 20), 0.95 * 32767 / peak);
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(pcm[i] * gain)));
        }
        return pcm;
    }

    /** Growable PCM buffer for assembling a prompt out of speech and silences. */
    static final class Builder {
        private short[] data = new short[8000];
        private int size;

        void append(short[] pcm) {
            ensure(pcm.length);
            System.arraycopy(pcm, 0, data, size, pcm.length);
            size += pcm.length;
        }

        void silence(int millis) {
            int n = samplesFor(millis);
            ensure(n);
            size += n; // the array is zero-filled
        }

        private void ensure(int more) {
            if (size + more > data.length) {
                short[] bigger = new short[Math.max(data.length * 2, size + more)];
                System.arraycopy(data, 0, bigger, 0, size);
                data = bigger;
            }
        }

        short[] toArray() {
            short[] out = new short[size];
            System.arraycopy(data, 0, out, 0, size);
            return out;
        }
    }
}
