package io.voicegather.server.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Prompt audio for the tests (tones as 8 kHz WAV files) and reading back the WAV files a phone recorded. */
final class PromptAudio {
    static final int RATE = 8000;

    private PromptAudio() {
    }

    /** A sine of hz at a moderate level (peak 8000 of 32767), 8 kHz. */
    static short[] tone(double hz, int millis) {
        short[] pcm = new short[RATE / 1000 * millis];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return pcm;
    }

    /** A 16-bit mono 8 kHz WAV file. */
    static byte[] wav(short[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * pcm.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(2 * RATE)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * pcm.length);
        for (short s : pcm) {
            b.putShort(s);
        }
        return b.array();
    }

    static String base64Wav(short[] pcm) {
        return Base64.getEncoder().encodeToString(wav(pcm));
    }

    /** A recorded WAV: 16-bit PCM, 8 kHz; the first channel is kept. Tolerates a data size left unset. */
    static short[] readPcm16(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + " is not a RIFF/WAVE file");
        }
        b.position(12);
        int channels = 0;
        int bits = 0;
        int rate = 0;
        while (b.remaining() >= 8) {
            int id = b.getInt();
            int len = b.getInt();
            if (id == 0x20746d66) { // "fmt "
                int at = b.position();
                int format = b.getShort(at) & 0xFFFF;
                channels = b.getShort(at + 2);
                rate = b.getInt(at + 4);
                bits = b.getShort(at + 14);
                if ((format != 1 && format != 0xFFFE) || bits != 16) {
                    throw new IOException(file + ": format " + format + "/" + bits + " bit, expected PCM 16-bit");
                }
                b.position(at + len + (len & 1));
            } else if (id == 0x61746164) { // "data"
                if (rate != RATE) {
                    throw new IOException(file + ": sample rate " + rate + ", expected " + RATE);
                }
                int bytes = len <= 0 || len > b.remaining() ? b.remaining() : len;
                int frames = bytes / (2 * channels);
                short[] out = new short[frames];
                int at = b.position();
                for (int i = 0; i < frames; i++) {
                    out[i] = b.getShort(at + i * 2 * channels);
                }
                return out;
            } else {
                b.position(Math.min(b.limit(), b.position() + len + (len & 1)));
            }
        }
        throw new IOException(file + " has no data chunk");
    }
}
