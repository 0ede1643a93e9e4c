package io.voicegather.server.media.tts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The minimal WAV reading a TTS answer needs: 16-bit PCM (plain or WAVE_FORMAT_EXTENSIBLE), any channel count mixed
 * down to mono, any rate. A data chunk whose length is unknown (streamed, 0 or 0xFFFFFFFF) runs to the end.
 */
final class WavPcm16 {

    record Audio(short[] mono, int sampleRate) {
    }

    private WavPcm16() {
    }

    static Audio read(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int pos = 12;
        int channels = 0;
        int rate = 0;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id == 0x20746d66 /* "fmt " */) {
                if (size < 16 || body + 16 > wav.length) {
                    throw new IllegalArgumentException("fmt chunk too short");
                }
                int format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14) & 0xFFFF;
                if (format == 0xFFFE && size >= 40) {
                    format = b.getShort(body + 24) & 0xFFFF; // sub-format GUID starts with the format code
                }
                if (format != 1 || bits != 16) {
                    throw new IllegalArgumentException("only 16-bit PCM WAV is read here (format " + format
                            + ", " + bits + " bits)");
                }
                if (channels < 1 || rate <= 0) {
                    throw new IllegalArgumentException("bad WAV header: " + channels + " channels at " + rate + " Hz");
                }
            } else if (id == 0x61746164 /* "data" */) {
                if (channels == 0) {
                    throw new IllegalArgumentException("data chunk before fmt chunk");
                }
                long available = wav.length - body;
                long length = size == 0 || size > available ? available : size;
                int frames = (int) (length / (2L * channels));
                short[] mono = new short[frames];
                for (int f = 0; f < frames; f++) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += b.getShort(body + 2 * (f * channels + c));
                    }
                    mono[f] = (short) (sum / channels);
                }
                return new Audio(mono, rate);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new IllegalArgumentException("WAV has no data chunk");
    }
}
