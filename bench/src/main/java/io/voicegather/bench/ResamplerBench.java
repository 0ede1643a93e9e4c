package io.voicegather.bench;

import io.voicegather.server.media.play.Resampler;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resampler throughput in input samples per second (ops/s = samples/s): one second of noise at the source rate
 * converted to 8 kHz per invocation, streamed through one long-lived resampler as prompt decoding does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResamplerBench {
    private static final int CHUNK = 4096;

    @Param({"44100", "16000"})
    public int inputRate;

    private short[] input;
    private short[] output;
    private Resampler resampler;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        input = new short[CHUNK];
        for (int i = 0; i < input.length; i++) {
            input[i] = (short) (random.nextGaussian() * 6000);
        }
        resampler = new Resampler(inputRate);
        output = new short[resampler.maxOutput(CHUNK)];
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public short[] resampleChunk() {
        resampler.process(input, 0, CHUNK, output, 0);
        return output;
    }
}
