package io.voicegather.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.rtp.RtpHeader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * send_dtmf through a real engine and real UDP on 127.0.0.1: what a phone receives around a playing prompt, and what
 * the server hears while it sends.
 */
class RtpSessionSendDtmfTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int PROMPT_PACKETS = 20;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** Packet k of the prompt is a constant level of its own, so the phone can tell which one it got. */
    private static short level(int k) {
        return (short) (1000 * (k + 1));
    }

    /**
     * Packet k of the prompt is {@code level(k)}. {@code atThirdPacket} runs on the media clock thread as the third
     * packet is read, so keys queued there cut in mid-prompt however late the test thread is scheduled.
     */
    private static final class NumberedPrompt implements AudioSource {
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger stopped = new AtomicInteger();
        final Runnable atThirdPacket;
        int next;

        NumberedPrompt(Runnable atThirdPacket) {
            this.atThirdPacket = atThirdPacket;
        }

        @Override
        public int read(short[] pcm8k, int count) {
            if (next >= PROMPT_PACKETS) {
                return 0;
            }
            if (next == 2) {
                atThirdPacket.run();
            }
            java.util.Arrays.fill(pcm8k, 0, count, level(next++));
            return count;
        }

        @Override
        public void finished(boolean done) {
            (done ? completed : stopped).incrementAndGet();
        }
    }

    private record Received(int payloadType, int sequence, byte[] payload) {
    }

    @Test
    void aPlayingPromptPausesUnderTheKeysAndResumesLosingNothing() throws Exception {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(15000);
        MediaEngine engine = new MediaEngine(LOOPBACK, base, base + 19, Duration.ofSeconds(30));
        toClose.add(engine);
        engine.start();
        RtpSession session = engine.open(ManualClockSession.DEAF);
        DatagramChannel phone = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        toClose.add(phone);
        NumberedPrompt prompt = new NumberedPrompt(() -> session.sendDtmf("7", 100));
        session.play(prompt);
        session.start((InetSocketAddress) phone.getLocalAddress(), Codec.PCMU, 0, 101);

        List<Received> got = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        // 20 prompt packets + 7 event packets + 5 gap packets, then silence.
        while (got.size() < 40) {
            buffer.clear();
            phone.receive(buffer);
            byte[] packet = java.util.Arrays.copyOf(buffer.array(), buffer.position());
            got.add(new Received(RtpHeader.payloadType(packet, 0), RtpHeader.sequence(packet, 0),
                    java.util.Arrays.copyOfRange(packet, 12, packet.length)));
        }

        List<Integer> promptOrder = new ArrayList<>();
        int events = 0;
        int firstEvent = -1;
        int lastEvent = -1;
        for (int i = 0; i < got.size(); i++) {
            Received r = got.get(i);
            if (i > 0) {
                assertThat(r.sequence()).as("one sequence for audio and events")
                        .isEqualTo((got.get(i - 1).sequence() + 1) & 0xFFFF);
            }
            if (r.payloadType() == 101) {
                events++;
                firstEvent = firstEvent < 0 ? i : firstEvent;
                lastEvent = i;
                assertThat(r.payload()[0]).isEqualTo((byte) 7);
                continue;
            }
            for (int k = 0; k < PROMPT_PACKETS; k++) {
                if (r.payload()[0] == Codec.PCMU.encode(level(k))) {
                    assertThat(r.payload()).containsOnly(Codec.PCMU.encode(level(k)));
                    promptOrder.add(k);
                }
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int k = 0; k < PROMPT_PACKETS; k++) {
            all.add(k);
        }
        assertThat(promptOrder).as("every prompt packet, once, in order").isEqualTo(all);
        assertThat(events).isEqualTo(7);
        assertThat(lastEvent - firstEvent).as("the event packets are contiguous").isEqualTo(6);
        for (int i = lastEvent + 1; i <= lastEvent + 5; i++) {
            assertThat(got.get(i).payload()).as("gap packet %d", i).containsOnly(Codec.PCMU.silence());
        }
        assertThat(firstEvent).as("the keys cut in while the prompt was playing").isBetween(3, PROMPT_PACKETS - 1);
        assertThat(prompt.completed.get()).isEqualTo(1);
        assertThat(prompt.stopped.get()).isZero();
    }

    /** "W" alone: one second (50 packets) of silence cut into the prompt, which then goes on where it was. */
    @Test
    void aPauseOnlyStringIsOneSecondOfSilenceAndThePromptWaits() throws Exception {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(15000);
        MediaEngine engine = new MediaEngine(LOOPBACK, base, base + 19, Duration.ofSeconds(30));
        toClose.add(engine);
        engine.start();
        RtpSession session = engine.open(ManualClockSession.DEAF);
        DatagramChannel phone = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        toClose.add(phone);
        AtomicBoolean accepted = new AtomicBoolean();
        NumberedPrompt prompt = new NumberedPrompt(() -> accepted.set(session.sendDtmf("W", 100)));
        session.play(prompt);
        session.start((InetSocketAddress) phone.getLocalAddress(), Codec.PCMU, 0, 101);

        // For each packet: the prompt packet it carries, or -1 for silence.
        List<Integer> got = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (got.size() < PROMPT_PACKETS + 50 + 10) {
            buffer.clear();
            phone.receive(buffer);
            byte[] packet = java.util.Arrays.copyOf(buffer.array(), buffer.position());
            assertThat(RtpHeader.payloadType(packet, 0)).as("a pause sends no event").isZero();
            int carried = -1;
            for (int k = 0; k < PROMPT_PACKETS; k++) {
                if (packet[12] == Codec.PCMU.encode(level(k))) {
                    carried = k;
                }
            }
            got.add(carried);
        }
        assertThat(accepted).isTrue();
        int first = got.indexOf(0);
        int last = got.indexOf(PROMPT_PACKETS - 1);
        List<Integer> inside = got.subList(first, last + 1);
        assertThat(inside.stream().filter(k -> k >= 0).toList()).as("every prompt packet, once, in order")
                .isEqualTo(java.util.stream.IntStream.range(0, PROMPT_PACKETS).boxed().toList());
        assertThat(inside.stream().filter(k -> k < 0).count()).as("one second of silence inside the prompt")
                .isEqualTo(50);
        int silenceStart = inside.indexOf(-1);
        assertThat(inside.subList(silenceStart, silenceStart + 50)).as("in one piece").containsOnly(-1);
        assertThat(prompt.completed.get()).isEqualTo(1);
        assertThat(prompt.stopped.get()).isZero();
    }

    /**
     * A phone that reflects every packet it receives (an RTP loop: our own SSRC comes back) and presses its own keys
     * on the same socket while our keys are sounding: '5' interleaved with our key packets, then '9' once ours are
     * over. The session hears "59" only: the phone's keys, none of its own, whether sent as RFC 4733 events or
     * in-band tones. The '9' comes last on the same socket, so once it is heard every reflected packet before it
     * has been handled too.
     */
    @ParameterizedTest(name = "telephone-event {0}")
    @ValueSource(booleans = {true, false})
    void aPeerReflectingOurKeysIsNotHeardButItsOwnKeysDuringThemAre(boolean events) throws Exception {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(15000);
        MediaEngine engine = new MediaEngine(LOOPBACK, base, base + 19, Duration.ofSeconds(30));
        toClose.add(engine);
        engine.start();
        StringBuffer heard = new StringBuffer();
        RtpSession session = engine.open(new MediaListener() {
            @Override
            public void onDigit(char digit, DigitSource source, long arrivalMillis) {
                heard.append(digit);
            }

            @Override
            public void onRtpTimeout() {
            }
        });
        DatagramChannel phone = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        toClose.add(phone);
        InetSocketAddress server = new InetSocketAddress(LOOPBACK, session.localPort());

        RtpPcapWriter own = new RtpPcapWriter().eventPayloadType(101).toneMs(100).gapMs(100);
        List<RtpPcapWriter.Packet> five = new ArrayList<>((events ? own.digits("5") : own.inbandDigits("5")).packets());
        List<RtpPcapWriter.Packet> nine = new ArrayList<>((events ? own.digits("9") : own.inbandDigits("9")).packets())
                .subList(five.size(), own.packets().size());

        session.start((InetSocketAddress) phone.getLocalAddress(), Codec.PCMU, 0, events ? 101 : -1);
        assertThat(session.sendDtmf("12", 100)).isTrue();
        // Per key: RFC 4733, 7 event packets; in-band, 5 tone packets. Then 5 silent gap packets each.
        int keyPackets = events ? 14 : 10;
        int ours = 0;
        int fiveSent = 0;
        int nineSent = 0;
        int afterOurs = 0;
        int fiveDoneAtOurs = -1;
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (nineSent < nine.size()) {
            buffer.clear();
            phone.receive(buffer);
            byte[] packet = java.util.Arrays.copyOf(buffer.array(), buffer.position());
            assertThat(RtpHeader.ssrc(packet, 0)).isEqualTo(session.ssrc());
            phone.send(ByteBuffer.wrap(packet), server); // the reflection
            boolean key = events ? RtpHeader.payloadType(packet, 0) == 101 : !isSilence(packet);
            if (key) {
                ours++;
            }
            if (ours > 0 && fiveSent < five.size()) {
                phone.send(ByteBuffer.wrap(five.get(fiveSent++).rtp()), server);
                if (fiveSent == five.size()) {
                    fiveDoneAtOurs = ours;
                }
            } else if (ours == keyPackets && afterOurs++ >= 10) {
                phone.send(ByteBuffer.wrap(nine.get(nineSent++).rtp()), server);
            }
        }
        assertThat(fiveDoneAtOurs).as("the phone's '5' went out while our keys were sounding")
                .isBetween(1, keyPackets - 1);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> heard.indexOf("9") >= 0);
        assertThat(heard).as("the phone's keys, and none of our own").hasToString("59");
    }

    private static boolean isSilence(byte[] packet) {
        for (int i = RtpHeader.FIXED_LENGTH; i < packet.length; i++) {
            if (packet[i] != Codec.PCMU.silence()) {
                return false;
            }
        }
        return true;
    }
}
