package io.voicegather.server.devphone;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The microphone's audio between the page's chunks and RTP's 20 ms packets. */
class MicBufferTest {
    private final MicBuffer buffer = new MicBuffer();
    private final short[] packet = new short[160];

    @Test
    void littleEndianSamplesComeOutInOrderOnceThePrebufferIsFull() {
        buffer.write(pcm(0, MicBuffer.PREBUFFER - 1));
        assertThat(buffer.read(packet)).as("still prebuffering").isFalse();
        buffer.write(pcm(MicBuffer.PREBUFFER - 1, 1));
        assertThat(buffer.read(packet)).isTrue();
        assertThat(packet[0]).isEqualTo((short) -0);
        assertThat(packet[1]).isEqualTo((short) -1);
        assertThat(packet[159]).isEqualTo((short) -159);
        assertThat(buffer.read(packet)).isTrue();
        assertThat(packet[0]).isEqualTo((short) -160);
    }

    @Test
    void afterAnUnderrunItPrebuffersAgain() {
        buffer.write(pcm(0, MicBuffer.PREBUFFER));
        for (int i = 0; i < MicBuffer.PREBUFFER / 160; i++) {
            assertThat(buffer.read(packet)).isTrue();
        }
        assertThat(buffer.read(packet)).as("empty").isFalse();
        buffer.write(pcm(0, 320));
        assertThat(buffer.read(packet)).as("two packets are not a prebuffer").isFalse();
    }

    @Test
    void pastOneSecondTheOldestAudioIsDropped() {
        buffer.write(pcm(0, MicBuffer.CAPACITY + 160));
        assertThat(buffer.read(packet)).isTrue();
        assertThat(packet[0]).as("the first 160 samples were dropped").isEqualTo((short) -160);
    }

    @Test
    void anOddLastByteIsIgnoredAndClearForgetsEverything() {
        byte[] odd = new byte[2 * MicBuffer.PREBUFFER + 1];
        odd[odd.length - 1] = 0x7F;
        buffer.write(odd);
        buffer.clear();
        assertThat(buffer.read(packet)).isFalse();
    }

    /** count samples, the n-th being -(first + n), little-endian 16-bit. */
    private static byte[] pcm(int first, int count) {
        byte[] b = new byte[2 * count];
        for (int i = 0; i < count; i++) {
            short s = (short) -(first + i);
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }
}
