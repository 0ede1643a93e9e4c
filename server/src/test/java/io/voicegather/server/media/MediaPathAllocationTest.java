package io.voicegather.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.play.PcmAudio;
import io.voicegather.server.media.play.PcmAudioSource;
import io.voicegather.server.media.rtp.RtpHeader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * No garbage per packet: bytes allocated by the media threads across many packets, after a warm-up so the code
 * measured is compiled. The bounds leave room for a few one-off allocations, not for one per packet (beyond the
 * one the JDK's selector makes, see below).
 */
class MediaPathAllocationTest {
    private static final int PACKETS = 20_000;
    private static final long BOUND_BYTES = 20_000; // one byte per packet would already exceed it

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aTickThatSendsPromptAudioAllocatesNothing() throws Exception {
        try (ManualClockSession media = ManualClockSession.ignoringWhatItHears()) {
            media.start();
            short[] tone = new short[8000];
            java.util.Arrays.fill(tone, (short) 1000);
            media.session.play(new PcmAudioSource(PcmAudio.of(tone), PcmAudioSource.FOREVER, null));
            long tick = 0;
            for (; tick < PACKETS; tick++) {
                media.engine.tick(tick, media.nowNanos());
            }
            long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (; tick < 2 * PACKETS; tick++) {
                media.engine.tick(tick, media.nowNanos());
            }
            long allocated = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertThat(media.session.stats().packetsOut()).isEqualTo(2 * PACKETS);
            assertThat(allocated).isLessThan(BOUND_BYTES);
        }
    }

    @Test
    void receivingAudioPacketsAllocatesNothingOnTheReceiveThread() throws Exception {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(15000);
        AtomicInteger heard = new AtomicInteger();
        AtomicReference<Thread> receiveThread = new AtomicReference<>();
        List<DatagramChannel> fillers = new ArrayList<>();
        try (MediaEngine engine = new MediaEngine(ManualClockSession.LOOPBACK, base, base + 3, Duration.ofMinutes(5));
             DatagramChannel phone = DatagramChannel.open().bind(new InetSocketAddress(ManualClockSession.LOOPBACK, 0))) {
            engine.start();
            // As on a loaded server, the session's socket gets a file descriptor above 127 (past the small
            // Integer cache a selector's fd-to-key map would box into).
            for (int i = 0; i < 130; i++) {
                fillers.add(DatagramChannel.open());
            }
            RtpSession session = engine.open(new MediaListener() {
                @Override
                public void onDigit(char digit, DigitSource source, long arrivalMillis) {
                }

                @Override
                public void onAudio(short[] pcm, int offset, int length, long arrivalMillis) {
                    receiveThread.set(Thread.currentThread());
                    heard.incrementAndGet();
                }

                @Override
                public void onRtpTimeout() {
                }
            });
            session.start((InetSocketAddress) phone.getLocalAddress(), Codec.PCMU, 0, 101);
            InetSocketAddress to = new InetSocketAddress(ManualClockSession.LOOPBACK, session.localPort());
            ByteBuffer packet = ByteBuffer.allocate(RtpHeader.FIXED_LENGTH + 160);
            sendAndAwait(phone, to, packet, heard, PACKETS);
            long before = THREADS.getThreadAllocatedBytes(receiveThread.get().getId());
            sendAndAwait(phone, to, packet, heard, PACKETS);
            long allocated = THREADS.getThreadAllocatedBytes(receiveThread.get().getId()) - before;
            assertThat(session.stats().dropped().total()).isZero();
            // The JDK's epoll selector boxes each ready descriptor for its fd-to-key map: 16 bytes a packet, unless
            // the Integer cache covers the descriptors (-XX:AutoBoxCacheMax, docs/configuration.md).
            long selectorBoxing = Integer.valueOf(1000) == Integer.valueOf(1000) ? 0 : 16L * PACKETS;
            assertThat(allocated).isLessThan(BOUND_BYTES + selectorBoxing);
        } finally {
            for (DatagramChannel filler : fillers) {
                filler.close();
            }
        }
    }

    /** Sends audio packets in bursts small enough for the socket buffer, each burst heard before the next. */
    private static void sendAndAwait(DatagramChannel phone, InetSocketAddress to, ByteBuffer packet,
                                     AtomicInteger heard, int count) throws Exception {
        int burst = 200;
        for (int sent = 0; sent < count; sent += burst) {
            int target = heard.get() + burst;
            for (int i = 0; i < burst; i++) {
                RtpHeader.write(packet.array(), 0, false, 0, sent + i, (sent + i) * 160, 0x0BAD_CAFE);
                packet.clear();
                phone.send(packet, to);
            }
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                    .until(() -> heard.get() >= target);
        }
    }
}
