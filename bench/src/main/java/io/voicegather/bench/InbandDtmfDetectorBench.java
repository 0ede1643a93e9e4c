package io.voicegather.bench;

import io.voicegather.server.media.codec.G711;
import io.voicegather.server.media.dtmf.DtmfLevels;
import io.voicegather.server.media.dtmf.InbandDtmfDetector;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of the in-band DTMF detector per 20 ms frame (160 samples) of one call. Real-time channels per core are
 * 20 ms divided by this cost. The audio is a looped second of μ-law-decoded signal: key presses (50 ms on, 50 ms
 * off) over low noise, or speech-like noise, so both the quiet path and the full block analysis are exercised.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InbandDtmfDetectorBench {
    private static final int FRAME = 160;
    private static final int SECOND = 8000;

    @Param({"keys", "noise"})
    public String signal;

    private final short[] audio = new short[SECOND];
    private InbandDtmfDetector detector;
    private Blackhole sink;
    private int at;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        Random random = new Random(7);
        double[] row = {697, 770, 852, 941};
        double[] column = {1209, 1336, 1477, 1633};
        double amplitude = DtmfLevels.sineAmplitude(-10);
        double noise = Math.sqrt(DtmfLevels.dbm0ToPower(signal.equals("keys") ? -40 : -15));
        for (int i = 0; i < SECOND; i++) {
            double x = noise * random.nextGaussian();
            int press = i / 800;
            if (signal.equals("keys") && i % 800 < 400) {
                x += amplitude * (Math.sin(2 * Math.PI * row[press % 4] * i / SECOND)
                        + Math.sin(2 * Math.PI * column[(press / 4) % 4] * i / SECOND));
            }
            short linear = (short) Math.max(-32768, Math.min(32767, Math.round(x)));
            audio[i] = G711.ulawToLinear(G711.linearToUlaw(linear));
        }
        detector = new InbandDtmfDetector(digit -> sink.consume(digit));
    }

    @Benchmark
    public void frame() {
        detector.process(audio, at, FRAME);
        at += FRAME;
        if (at == SECOND) {
            at = 0;
        }
    }
}
