package io.voicegather.bench;

import io.voicegather.server.media.codec.G711;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encoding one 20 ms frame (160 samples at 8 kHz) of a 440 Hz tone to G.711 µ-law and A-law, into a reused buffer. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class G711EncodeBench {
    private static final int SAMPLES = 160;

    private final short[] pcm = new short[SAMPLES];
    private final byte[] frame = new byte[SAMPLES];

    @Setup
    public void setUp() {
        for (int i = 0; i < SAMPLES; i++) {
            pcm[i] = (short) (12000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
    }

    @Benchmark
    public byte[] ulawFrame() {
        G711.linearToUlaw(pcm, 0, SAMPLES, frame, 0);
        return frame;
    }

    @Benchmark
    public byte[] alawFrame() {
        G711.linearToAlaw(pcm, 0, SAMPLES, frame, 0);
        return frame;
    }
}
