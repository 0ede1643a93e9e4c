package io.voicegather.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.voicegather.server.media.rtp.RtpHeader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every incoming packet the session does not use is counted under its reason: real datagrams sent from a phone
 * socket to the session's socket, read and handed over the way the receive thread does.
 */
class RtpSessionDropCountTest {
    private static final int PEER_SSRC = 0x1234_5678;

    private final ManualClockSession media = ManualClockSession.ignoringWhatItHears();

    @AfterEach
    void tearDown() throws Exception {
        media.close();
    }

    private static byte[] packet(int payloadType, int ssrc) {
        byte[] packet = new byte[RtpHeader.FIXED_LENGTH + 160];
        RtpHeader.write(packet, 0, false, payloadType, 1, 160, ssrc);
        Arrays.fill(packet, RtpHeader.FIXED_LENGTH, packet.length, (byte) 0xFF);
        return packet;
    }

    /** Sends {@code bytes} from the phone, lets the session handle them, and returns its stats. */
    private RtpStats sendAndHandle(byte[] bytes) throws Exception {
        media.phone.send(ByteBuffer.wrap(bytes), media.sessionAddress());
        media.deliver(media.receive());
        return media.session.stats();
    }

    /** Exactly one packet in, dropped for the reason read by {@code reason} and no other. */
    private static void assertDroppedOnlyFor(RtpStats stats, ToLongFunction<RtpStats.Drops> reason) {
        assertThat(stats.packetsIn()).isEqualTo(1);
        assertThat(reason.applyAsLong(stats.dropped())).isEqualTo(1);
        assertThat(stats.dropped().total()).isEqualTo(1);
    }

    @Test
    void aNegotiatedAudioPacketIsNotDropped() throws Exception {
        media.start();
        RtpStats stats = sendAndHandle(packet(0, PEER_SSRC));
        assertThat(stats.packetsIn()).isEqualTo(1);
        assertThat(stats.bytesIn()).isEqualTo(172);
        assertThat(stats.dropped().total()).isZero();
    }

    @Test
    void aGapInTheSequenceNumbersCountsAsLostOnTheWay() throws Exception {
        media.start();
        byte[] first = packet(0, PEER_SSRC);
        sendAndHandle(first);
        byte[] fourth = packet(0, PEER_SSRC);
        RtpHeader.write(fourth, 0, false, 0, 4, 480, PEER_SSRC); // 2 and 3 never came
        RtpStats stats = sendAndHandle(fourth);
        assertThat(stats.lostIn()).isEqualTo(2);
        assertThat(stats.dropped().total()).isZero();
    }

    @Test
    void aPacketTooShortForItsHeaderIsMalformed() throws Exception {
        media.start();
        assertDroppedOnlyFor(sendAndHandle(new byte[] {(byte) 0x80, 0, 0, 1, 0}), RtpStats.Drops::malformed);
    }

    @Test
    void aPacketOfAnotherRtpVersionIsMalformed() throws Exception {
        media.start();
        byte[] packet = packet(0, PEER_SSRC);
        packet[0] = 0x40; // version 1
        assertDroppedOnlyFor(sendAndHandle(packet), RtpStats.Drops::malformed);
    }

    @Test
    void paddingLongerThanThePayloadIsMalformed() throws Exception {
        media.start();
        byte[] packet = packet(0, PEER_SSRC);
        packet[0] |= 0x20; // padding bit
        packet[packet.length - 1] = (byte) 200; // more padding than the 160-byte payload
        assertDroppedOnlyFor(sendAndHandle(packet), RtpStats.Drops::malformed);
    }

    @Test
    void aPacketBeforeStartIsCountedAsEarly() throws Exception {
        assertDroppedOnlyFor(sendAndHandle(packet(0, PEER_SSRC)), RtpStats.Drops::beforeStart);
    }

    @Test
    void ourOwnStreamReflectedBackIsDropped() throws Exception {
        media.start();
        assertDroppedOnlyFor(sendAndHandle(packet(0, media.session.ssrc())), RtpStats.Drops::ownSsrc);
    }

    @Test
    void aPayloadTypeNeitherAudioNorTelephoneEventIsDropped() throws Exception {
        media.start();
        assertDroppedOnlyFor(sendAndHandle(packet(96, PEER_SSRC)), RtpStats.Drops::unknownPayloadType);
        assertThat(media.session.remote()).as("not trusted for latching").isEqualTo(media.phoneAddress());
    }

    @Test
    void aPacketHandledWhileTheSessionClosesIsDropped() throws Exception {
        media.start();
        media.phone.send(ByteBuffer.wrap(packet(0, PEER_SSRC)), media.sessionAddress());
        ManualClockSession.Datagram read = media.receive(); // read by the receive thread just before the close
        media.session.close();
        media.deliver(read);
        assertDroppedOnlyFor(media.session.stats(), RtpStats.Drops::closed);
    }

    @Test
    void anEndedSessionLogsOneStatsLineWithItsDrops() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(RtpSession.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            media.start();
            sendAndHandle(packet(0, PEER_SSRC));
            sendAndHandle(packet(96, PEER_SSRC));
            sendAndHandle(packet(0, media.session.ssrc()));
            media.session.close();
            media.session.close();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("in 3 packets / 516 bytes (0 DTMF)", "dropped 2 (malformed 0, closed 0, before start 0, "
                        + "own SSRC 1, unknown payload type 1)");
    }
}
