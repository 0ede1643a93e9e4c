package io.voicegather.server.store.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small but well-formed audio files for tests. */
public final class MediaSamples {
    private MediaSamples() {
    }

    /** A mono 8 kHz 16-bit PCM WAV of the given number of samples, a ramp so that files differ by length. */
    public static byte[] wav(int samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (i * 37));
        }
        return b.array();
    }

    /** An MPEG-1 Layer III frame header (128 kbit/s, 44.1 kHz) followed by silence. */
    public static byte[] mp3(int length) {
        byte[] b = new byte[length];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xFB;
        b[2] = (byte) 0x90;
        b[3] = (byte) 0x64;
        return b;
    }
}
