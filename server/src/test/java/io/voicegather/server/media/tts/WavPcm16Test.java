package io.voicegather.server.media.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class WavPcm16Test {

    @Test
    void readsMonoAndMixesStereo() {
        WavPcm16.Audio mono = WavPcm16.read(TestWav.bytes(new short[] {1, -2, 300}, 16000, 1));
        assertThat(mono.sampleRate()).isEqualTo(16000);
        assertThat(mono.mono()).containsExactly(1, -2, 300);
        WavPcm16.Audio stereo = WavPcm16.read(TestWav.bytes(new short[] {100, 300, -100, -300}, 24000, 2));
        assertThat(stereo.mono()).containsExactly(200, -200);
    }

    @Test
    void skipsOtherChunksAndReadsStreamedLength() {
        byte[] plain = TestWav.bytes(new short[] {5, 6, 7, 8}, 8000, 1);
        // insert an odd-sized LIST chunk (padded to even) between fmt and data, and mark the data length unknown
        ByteBuffer b = ByteBuffer.allocate(plain.length + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(plain, 0, 36);
        b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});
        b.put("data".getBytes()).putInt(-1);
        b.put(plain, 44, plain.length - 44);
        assertThat(WavPcm16.read(b.array()).mono()).containsExactly(5, 6, 7, 8);
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> WavPcm16.read("not a wav at all".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] eightBit = TestWav.bytes(new short[] {1}, 8000, 1);
        eightBit[34] = 8;
        assertThatThrownBy(() -> WavPcm16.read(eightBit)).hasMessageContaining("16-bit PCM");
        byte[] noData = new byte[36];
        System.arraycopy(TestWav.bytes(new short[0], 8000, 1), 0, noData, 0, 36);
        assertThatThrownBy(() -> WavPcm16.read(noData)).hasMessageContaining("no data");
    }
}
