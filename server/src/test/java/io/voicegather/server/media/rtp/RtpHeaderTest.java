package io.voicegather.server.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {

    /** A hand-assembled packet: V=2, P=1, X=1, CC=2, M=1, PT=101, seq 0xBEEF, ts 0xDEADBEEF, SSRC 0x01020304. */
    private static byte[] fullPacket() {
        return new byte[] {
            (byte) 0xB2, (byte) 0xE5, (byte) 0xBE, (byte) 0xEF,
            (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF,
            0x01, 0x02, 0x03, 0x04,
            0, 0, 0, 1, // CSRC 1
            0, 0, 0, 2, // CSRC 2
            (byte) 0xBE, (byte) 0xDE, 0, 1, // one-byte extension profile, 1 word
            0x10, 0x55, 0, 0, // extension word
            9, 8, 7, 6, // payload
            0, 0, 3 // padding, count 3
        };
    }

    @Test
    void readsEveryFieldFromArrayAndBuffer() {
        byte[] p = fullPacket();
        ByteBuffer b = ByteBuffer.allocateDirect(p.length + 5);
        b.position(5);
        b.put(p);
        int off = 5;

        assertThat(RtpHeader.version(p, 0)).isEqualTo(2);
        assertThat(RtpHeader.padding(p, 0)).isTrue();
        assertThat(RtpHeader.extension(p, 0)).isTrue();
        assertThat(RtpHeader.csrcCount(p, 0)).isEqualTo(2);
        assertThat(RtpHeader.marker(p, 0)).isTrue();
        assertThat(RtpHeader.payloadType(p, 0)).isEqualTo(101);
        assertThat(RtpHeader.sequence(p, 0)).isEqualTo(0xBEEF);
        assertThat(RtpHeader.timestamp(p, 0)).isEqualTo(0xDEADBEEF);
        assertThat(RtpHeader.ssrc(p, 0)).isEqualTo(0x01020304);
        assertThat(RtpHeader.headerLength(p, 0, p.length)).isEqualTo(28);
        assertThat(RtpHeader.payloadLength(p, 0, p.length)).isEqualTo(4);

        assertThat(RtpHeader.version(b, off)).isEqualTo(2);
        assertThat(RtpHeader.padding(b, off)).isTrue();
        assertThat(RtpHeader.extension(b, off)).isTrue();
        assertThat(RtpHeader.csrcCount(b, off)).isEqualTo(2);
        assertThat(RtpHeader.marker(b, off)).isTrue();
        assertThat(RtpHeader.payloadType(b, off)).isEqualTo(101);
        assertThat(RtpHeader.sequence(b, off)).isEqualTo(0xBEEF);
        assertThat(RtpHeader.timestamp(b, off)).isEqualTo(0xDEADBEEF);
        assertThat(RtpHeader.ssrc(b, off)).isEqualTo(0x01020304);
        assertThat(RtpHeader.headerLength(b, off, p.length)).isEqualTo(28);
        assertThat(RtpHeader.payloadLength(b, off, p.length)).isEqualTo(4);
        assertThat(b.position()).as("absolute access leaves the position alone").isEqualTo(5 + p.length);
    }

    @Test
    void writeThenReadRoundTrips() {
        byte[] p = new byte[20];
        assertThat(RtpHeader.write(p, 4, false, 8, 65535, -1, 0x7F00FF01)).isEqualTo(12);
        assertThat(RtpHeader.version(p, 4)).isEqualTo(2);
        assertThat(RtpHeader.marker(p, 4)).isFalse();
        assertThat(RtpHeader.payloadType(p, 4)).isEqualTo(8);
        assertThat(RtpHeader.sequence(p, 4)).isEqualTo(65535);
        assertThat(RtpHeader.timestamp(p, 4)).isEqualTo(-1);
        assertThat(RtpHeader.ssrc(p, 4)).isEqualTo(0x7F00FF01);
        assertThat(RtpHeader.headerLength(p, 4, 16)).isEqualTo(12);
        assertThat(RtpHeader.payloadLength(p, 4, 16)).isEqualTo(4);

        ByteBuffer b = ByteBuffer.allocate(12);
        RtpHeader.write(b, 0, true, 0, 1, 160, 42);
        assertThat(RtpHeader.marker(b, 0)).isTrue();
        assertThat(RtpHeader.payloadType(b, 0)).isEqualTo(0);
        assertThat(RtpHeader.sequence(b, 0)).isEqualTo(1);
        assertThat(RtpHeader.timestamp(b, 0)).isEqualTo(160);
        assertThat(RtpHeader.ssrc(b, 0)).isEqualTo(42);
        assertThat(b.array()[0]).isEqualTo((byte) 0x80);
    }

    @Test
    void rejectsMalformedPackets() {
        byte[] p = fullPacket();
        assertThat(RtpHeader.headerLength(p, 0, 11)).as("shorter than the fixed header").isEqualTo(-1);
        assertThat(RtpHeader.headerLength(p, 0, 19)).as("CSRC list cut off").isEqualTo(-1);
        assertThat(RtpHeader.headerLength(p, 0, 27)).as("extension cut off").isEqualTo(-1);
        assertThat(RtpHeader.payloadLength(p, 0, 30)).as("padding count beyond the payload").isEqualTo(-1);

        byte[] v1 = fullPacket();
        v1[0] = (byte) 0x40;
        assertThat(RtpHeader.headerLength(v1, 0, v1.length)).as("version 1").isEqualTo(-1);

        byte[] zeroPad = fullPacket();
        zeroPad[zeroPad.length - 1] = 0;
        assertThat(RtpHeader.payloadLength(zeroPad, 0, zeroPad.length)).as("padding count zero").isEqualTo(-1);
    }

    @Test
    void sequenceDeltaWraps() {
        assertThat(RtpHeader.sequenceDelta(65535, 0)).isEqualTo(1);
        assertThat(RtpHeader.sequenceDelta(0, 65535)).isEqualTo(-1);
        assertThat(RtpHeader.sequenceDelta(100, 90)).isEqualTo(-10);
    }
}
