package io.voicegather.server.media.play;

import java.io.ByteArrayOutputStream;

/** Test signals: tones, a Goertzel level meter, and a WAV writer for every layout the decoder must read. */
final class Signals {
    private Signals() {
    }

    static short[] tone(double hz, int rate, double seconds, double amplitude) {
        short[] s = new short[(int) Math.round(rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** RMS-equivalent amplitude of {@code hz} in {@code s[from, to)} (Goertzel), in the sample scale. */
    static double level(short[] s, int from, int to, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate;
        double coeff = 2 * Math.cos(w);
        double q1 = 0;
        double q2 = 0;
        for (int i = from; i < to; i++) {
            double q0 = coeff * q1 - q2 + s[i];
            q2 = q1;
            q1 = q0;
        }
        double power = q1 * q1 + q2 * q2 - coeff * q1 * q2;
        return 2 * Math.sqrt(Math.max(0, power)) / (to - from);
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    /** Frequency from zero crossings over {@code s[from, to)}. */
    static double frequency(short[] s, int from, int to, int rate) {
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    crossings++;
                }
                last = i;
            }
        }
        return crossings * (double) rate / (last - first);
    }

    /** Little-endian byte writer. */
    static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes ascii(String s) {
            for (char c : s.toCharArray()) {
                out.write(c);
            }
            return this;
        }

        Bytes u16(int v) {
            out.write(v);
            out.write(v >> 8);
            return this;
        }

        Bytes u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >> (8 * i)));
            }
            return this;
        }

        Bytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Interleaved sample bytes for a WAV data chunk. */
    static byte[] samples(short[][] channels, int format, int bits) {
        Bytes b = new Bytes();
        for (int i = 0; i < channels[0].length; i++) {
            for (short[] ch : channels) {
                int v = ch[i];
                switch (format) {
                    case 3 -> b.u32(Float.floatToIntBits(v / 32768f));
                    case 6 -> b.out.write(io.voicegather.server.media.codec.G711.linearToAlaw((short) v));
                    case 7 -> b.out.write(io.voicegather.server.media.codec.G711.linearToUlaw((short) v));
                    default -> {
                        switch (bits) {
                            case 8 -> b.out.write((v >> 8) + 128);
                            case 16 -> b.u16(v);
                            case 24 -> {
                                b.out.write(0);
                                b.u16(v);
                            }
                            default -> b.u32((long) v << 16);
                        }
                    }
                }
            }
        }
        return b.bytes();
    }

    static byte[] fmtChunk(int format, int channels, int rate, int bits, boolean extensible) {
        int blockAlign = channels * bits / 8;
        Bytes b = new Bytes().ascii("fmt ").u32(extensible ? 40 : 16)
                .u16(extensible ? 0xFFFE : format).u16(channels).u32(rate).u32((long) rate * blockAlign)
                .u16(blockAlign).u16(bits);
        if (extensible) {
            b.u16(22).u16(bits).u32(channels == 1 ? 4 : 3).u16(format)
                    .raw(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        return b.bytes();
    }

    static byte[] wav(byte[]... chunks) {
        Bytes body = new Bytes().ascii("WAVE");
        for (byte[] c : chunks) {
            body.raw(c);
        }
        byte[] b = body.bytes();
        return new Bytes().ascii("RIFF").u32(b.length).raw(b).bytes();
    }

    static byte[] dataChunk(byte[] samples, long declaredSize) {
        Bytes b = new Bytes().ascii("data").u32(declaredSize).raw(samples);
        if ((samples.length & 1) == 1 && declaredSize == samples.length) {
            b.out.write(0);
        }
        return b.bytes();
    }

    static byte[] simpleWav(short[][] channels, int format, int bits, int rate) {
        byte[] data = samples(channels, format, bits);
        return wav(fmtChunk(format, channels.length, rate, bits, false), dataChunk(data, data.length));
    }
}
