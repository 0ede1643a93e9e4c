package io.voicegather.server.media.tts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes and builds 16-bit PCM WAV files for tests (listening checks, HTTP engine answers). */
final class TestWav {
    private TestWav() {
    }

    static byte[] bytes(short[] samples, int rate, int channels) {
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    static Path write(Path file, short[] mono8k) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes(mono8k, 8000, 1));
    }
}
