package io.voicegather.server.ai.vad;

/**
 * Energy-based voice activity detector for the inbound 8 kHz, 16-bit mono stream, working in 20 ms frames.
 *
 * <p>Each frame's mean power (dBFS) is compared with an adaptive noise floor. The floor falls quickly to quieter frames,
 * rises slowly towards louder ones, and rises quickly when the level is steady (stationary noise), so a change in the
 * background is learnt within about a second while speech, whose level jumps from frame to frame, barely lifts it. An
 * utterance starts after {@code startFrames} consecutive frames above floor + {@code startAboveFloorDb} and ends after
 * {@code endFrames} consecutive frames below floor + {@code continueAboveFloorDb}. Frames that a 4th-order linear
 * predictor models almost perfectly (one or two steady sinusoids: dial tones, DTMF) are treated as non-speech.
 *
 * <p>Not thread-safe: one instance per call, fed by one thread. {@link #process} allocates nothing.
 */
public final class VoiceActivityDetector {
    private static final int N = VadSettings.FRAME_SAMPLES;
    private static final double FULL_SCALE_POWER = 32768.0 * 32768.0;
    private static final double SILENT_DBFS = -100;
    private static final int ORDER = 4;

    private final VadSettings settings;
    private final VadListener listener;
    private final double risePerFrameDb;

    private final short[] frame = new short[N];
    private int filled;
    private final double[][] covariance = new double[ORDER + 1][ORDER + 1];
    private final double[][] system = new double[ORDER][ORDER + 1];
    private final double[] coefficients = new double[ORDER];

    private long frameStart;
    private long framesSeen;
    private double floorDbfs;
    private double previousDbfs = Double.NaN;
    private double fluxDb;
    private boolean speaking;
    private int run;
    private long runStart;
    private int silentRun;
    private long utteranceStart;
    private long lastSpeechEnd;
    private double lastFrameDbfs = SILENT_DBFS;
    private boolean lastFrameTonal;
    private double lastPredictionGainDb;

    public VoiceActivityDetector(VadSettings settings, VadListener listener) {
        this.settings = settings;
        this.listener = listener;
        this.risePerFrameDb = settings.floorRiseDbPerSecond() * N / 8000.0;
        reset();
    }

    /** Forgets everything: floor, state and sample count (no event is emitted for an utterance in progress). */
    public void reset() {
        filled = 0;
        frameStart = 0;
        framesSeen = 0;
        floorDbfs = settings.initialFloorDbfs();
        previousDbfs = Double.NaN;
        fluxDb = 0;
        speaking = false;
        run = 0;
        silentRun = 0;
    }

    /** Feeds samples of any count; they are cut into 20 ms frames internally. */
    public void process(short[] pcm, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int take = Math.min(N - filled, end - at);
            System.arraycopy(pcm, at, frame, filled, take);
            filled += take;
            at += take;
            if (filled == N) {
                processFrame();
                filled = 0;
            }
        }
    }

    /**
     * Ends an utterance in progress now (e.g. the call is hanging up), reporting the speech heard so far.
     * Does nothing when no utterance is in progress.
     */
    public void flush() {
        if (speaking) {
            speaking = false;
            run = 0;
            listener.speechEnded(utteranceStart, lastSpeechEnd);
        }
    }

    public boolean isSpeaking() {
        return speaking;
    }

    public double noiseFloorDbfs() {
        return floorDbfs;
    }

    /** Level of the last complete frame, in dBFS. */
    public double lastFrameDbfs() {
        return lastFrameDbfs;
    }

    /** Whether the last complete frame was classed as a steady tone. */
    public boolean lastFrameTonal() {
        return lastFrameTonal;
    }

    /** 4th-order prediction gain of the last complete frame (0 when not computed), for tuning and tests. */
    double lastPredictionGainDb() {
        return lastPredictionGainDb;
    }

    /** Samples consumed into complete frames so far. */
    public long samplesProcessed() {
        return frameStart;
    }

    private void processFrame() {
        double level = frameDbfs();
        // The tone check costs most of the frame's time; only frames loud enough to count as speech need it.
        boolean loudEnough = level >= settings.minSpeechDbfs()
                && level >= floorDbfs + Math.min(settings.continueAboveFloorDb(), settings.startAboveFloorDb());
        lastPredictionGainDb = settings.rejectTones() && loudEnough && framesSeen >= settings.warmupFrames()
                ? predictionGainDb() : 0;
        boolean tonal = lastPredictionGainDb > settings.tonePredictionGainDb();
        lastFrameDbfs = level;
        lastFrameTonal = tonal;
        long frameEnd = frameStart + N;
        if (framesSeen < settings.warmupFrames()) {
            floorDbfs = framesSeen == 0 ? level : Math.min(floorDbfs, level);
            floorDbfs = Math.max(floorDbfs, settings.lowestFloorDbfs());
        } else {
            decide(level, tonal, frameEnd);
            if (!tonal) {
                trackFloor(level);
            }
        }
        if (!Double.isNaN(previousDbfs)) {
            // Smoothed level change per frame: near 0.5 dB for white noise, several dB for speech.
            fluxDb += 0.1 * (Math.abs(level - previousDbfs) - fluxDb);
        }
        previousDbfs = level;
        framesSeen++;
        frameStart = frameEnd;
    }

    private void decide(double level, boolean tonal, long frameEnd) {
        boolean audible = !tonal && level >= settings.minSpeechDbfs();
        if (!speaking) {
            if (audible && level >= floorDbfs + settings.startAboveFloorDb()) {
                if (run == 0) {
                    runStart = frameStart;
                }
                run++;
                if (run >= settings.startFrames()) {
                    speaking = true;
                    utteranceStart = runStart;
                    lastSpeechEnd = frameEnd;
                    silentRun = 0;
                    listener.speechStarted(utteranceStart);
                }
            } else {
                run = 0;
            }
        } else if (audible && level >= floorDbfs + settings.continueAboveFloorDb()) {
            lastSpeechEnd = frameEnd;
            silentRun = 0;
        } else if (++silentRun >= settings.endFrames()) {
            speaking = false;
            run = 0;
            listener.speechEnded(utteranceStart, lastSpeechEnd);
        }
    }

    private void trackFloor(double level) {
        if (level < floorDbfs || fluxDb < settings.stationaryFluxDb()) {
            floorDbfs += (level - floorDbfs) * settings.floorFallFraction();
        } else {
            floorDbfs += Math.min(level - floorDbfs, risePerFrameDb);
        }
        floorDbfs = Math.max(floorDbfs, settings.lowestFloorDbfs());
    }

    private double frameDbfs() {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += (double) frame[i] * frame[i];
        }
        if (sum == 0) {
            return SILENT_DBFS;
        }
        return Math.max(SILENT_DBFS, 10 * Math.log10(sum / N / FULL_SCALE_POWER));
    }

    /**
     * Ratio of the frame's power to the power left after the best 4th-order linear predictor (covariance method, so
     * frame edges do not blur it), in dB. One or two pure sinusoids are predicted almost exactly (the gain is limited
     * only by quantisation noise: 22 dB or more even for a DTMF pair through G.711); speech and noise mostly stay under
     * 15 dB, with rare vowel frames up to about 23 dB.
     */
    private double predictionGainDb() {
        for (int i = 0; i <= ORDER; i++) {
            for (int j = i; j <= ORDER; j++) {
                double sum = 0;
                for (int n = ORDER; n < N; n++) {
                    sum += (double) frame[n - i] * frame[n - j];
                }
                covariance[i][j] = sum;
                covariance[j][i] = sum;
            }
        }
        double power = covariance[0][0];
        if (power <= 0) {
            return 0;
        }
        // Solve covariance[1..4][1..4] a = covariance[1..4][0] by Gaussian elimination in place (tiny ridge for
        // stability); the residual is power - a . covariance[0][1..4].
        for (int i = 0; i < ORDER; i++) {
            for (int j = 0; j < ORDER; j++) {
                system[i][j] = covariance[i + 1][j + 1] + (i == j ? power * 1e-9 : 0);
            }
            system[i][ORDER] = covariance[i + 1][0];
        }
        for (int col = 0; col < ORDER; col++) {
            int pivot = col;
            for (int r = col + 1; r < ORDER; r++) {
                if (Math.abs(system[r][col]) > Math.abs(system[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = system[col];
            system[col] = system[pivot];
            system[pivot] = swap;
            double diagonal = system[col][col];
            if (diagonal == 0) {
                return 0;
            }
            for (int r = col + 1; r < ORDER; r++) {
                double factor = system[r][col] / diagonal;
                for (int c = col; c <= ORDER; c++) {
                    system[r][c] -= factor * system[col][c];
                }
            }
        }
        double predicted = 0;
        for (int i = ORDER - 1; i >= 0; i--) {
            double value = system[i][ORDER];
            for (int j = i + 1; j < ORDER; j++) {
                value -= system[i][j] * coefficients[j];
            }
            coefficients[i] = value / system[i][i];
            predicted += coefficients[i] * covariance[0][i + 1];
        }
        double residual = Math.max(power - predicted, power * 1e-9);
        return 10 * Math.log10(power / residual);
    }
}
