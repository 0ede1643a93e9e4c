package io.voicegather.bench;

import io.voicegather.server.media.dtmf.Rfc4733Receiver;
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
import org.openjdk.jmh.infra.Blackhole;

/** Telephone-event packets per second through one receiver: a press is 5 updates and 3 end packets. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Rfc4733ReceiverBench {
    private static final int PACKETS_PER_PRESS = 8;

    private Rfc4733Receiver receiver;
    private Blackhole sink;
    private final byte[] payload = new byte[4];
    private int seq;
    private int timestamp;
    private int packetInPress;
    private long now;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        receiver = new Rfc4733Receiver(digit -> sink.consume(digit));
    }

    @Benchmark
    public void packet() {
        int i = packetInPress;
        boolean end = i >= 5;
        int duration = end ? 800 : 160 * (i + 1);
        payload[0] = 5;
        payload[1] = (byte) (end ? 0x8A : 0x0A);
        payload[2] = (byte) (duration >>> 8);
        payload[3] = (byte) duration;
        now += 20;
        receiver.onPacket(0x1234, seq++ & 0xFFFF, timestamp, i == 0, payload, 0, 4, now);
        if (++packetInPress == PACKETS_PER_PRESS) {
            packetInPress = 0;
            timestamp += 1600;
            receiver.poll(now);
        }
    }
}
