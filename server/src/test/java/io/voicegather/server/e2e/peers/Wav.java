package io.voicegather.server.e2e.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes 8 kHz mono signed 16-bit little-endian WAV files (the format baresip's aufile source requires). */
public final class Wav {
    public static final int RATE = 8000;

    private Wav() {
    }

    public static Path writePcm16Mono8k(Path file, short[] samples) throws IOException {
        int dataLen = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataLen).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(dataLen);
        for (short s : samples) {
            b.putShort(s);
        }
        Files.write(file, b.array());
        return file;
    }

    /** The samples followed by seconds of silence (an aufile source that reaches EOF hangs the call up). */
    public static short[] padWithSilence(short[] samples, int seconds) {
        short[] out = new short[samples.length + seconds * RATE];
        System.arraycopy(samples, 0, out, 0, samples.length);
        return out;
    }
}
