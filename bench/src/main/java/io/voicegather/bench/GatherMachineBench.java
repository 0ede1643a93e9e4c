package io.voicegather.bench;

import io.voicegather.server.gather.GatherMachine;
import io.voicegather.server.gather.GatherSpec;
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

/**
 * One key press through the gather state machine: the caller types 123456789#, 100 ms apart, into a gather with
 * maximum 10 digits and terminator '#'. Every tenth press ends the gather and the next press starts a new machine,
 * so the figure includes one construction per ten keys, as on a live call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GatherMachineBench {
    private static final String KEYS = "123456789#";
    private static final GatherSpec SPEC = new GatherSpec(1, 10, 60_000, 5_000, 5_000, '#', "0123456789*#", null);

    private GatherMachine machine;
    private int next;
    private long now;

    @Setup
    public void setUp() {
        machine = new GatherMachine(SPEC, now);
    }

    @Benchmark
    public Object keyPress() {
        if (machine.ended()) {
            machine = new GatherMachine(SPEC, now);
        }
        now += 100;
        Object outcome = machine.onDigit(KEYS.charAt(next), now);
        next = next == KEYS.length() - 1 ? 0 : next + 1;
        return outcome;
    }
}
