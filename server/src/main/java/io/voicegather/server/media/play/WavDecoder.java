package io.voicegather.server.media.play;

import io.voicegather.server.media.codec.G711;

/**
 * RIFF/WAVE: integer PCM (8-bit unsigned, 16, 24, 32-bit), IEEE float (32 and 64-bit), G.711 A-law and μ-law, also
 * wrapped in WAVE_FORMAT_EXTENSIBLE; any rate; any channel count, mixed down to mono by averaging.
 *
 * <p>The chunk walk skips unknown chunks (LIST, fact, ...), honours the pad byte after odd-sized chunks, and treats a
 * data size of 0, 0xFFFFFFFF or past the end of the file (headers written before the length was known, or a
 * truncated download) as "to the end of the file". Every step moves forward, so it always ends.
 */
final class WavDecoder {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_ULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final int MAX_CHANNELS = 64;
    private static final int CHUNK_FRAMES = 4096;

    private WavDecoder() {
    }

    static boolean looksLikeWav(byte[] data) {
        return data.length >= 12 && ascii(data, 0, "RIFF") && ascii(data, 8, "WAVE");
    }

    static void decode(byte[] data, MonoSink sink) throws AudioDecodeException {
        if (!looksLikeWav(data)) {
            throw new AudioDecodeException("not a RIFF/WAVE file");
        }
        Format format = null;
        long dataStart = -1;
        long dataLength = 0;
        long at = 12;
        while (at + 8 <= data.length) {
            long size = u32(data, (int) at + 4);
            long bodyStart = at + 8;
            if (ascii(data, (int) at, "fmt ")) {
                if (size < 16 || bodyStart + size > data.length) {
                    throw new AudioDecodeException("WAV fmt chunk is truncated");
                }
                format = parseFormat(data, (int) bodyStart, (int) size);
            } else if (ascii(data, (int) at, "data")) {
                dataStart = bodyStart;
                boolean unknownLength = size == 0 || size == 0xFFFFFFFFL || bodyStart + size > data.length;
                dataLength = unknownLength ? data.length - bodyStart : size;
                if (format != null) {
                    break; // everything after the samples is irrelevant
                }
                if (unknownLength) {
                    break;
                }
            }
            at = bodyStart + size + (size & 1);
        }
        if (format == null) {
            throw new AudioDecodeException("WAV file has no fmt chunk before its data");
        }
        if (dataStart < 0) {
            throw new AudioDecodeException("WAV file has no data chunk");
        }
        emit(data, (int) dataStart, dataLength, format, sink);
    }

    private record Format(int encoding, int channels, int sampleRate, int bytesPerSample, int frameSize) {
    }

    private static Format parseFormat(byte[] d, int at, int size) throws AudioDecodeException {
        int tag = u16(d, at);
        int channels = u16(d, at + 2);
        long sampleRate = u32(d, at + 4);
        int blockAlign = u16(d, at + 12);
        int bits = u16(d, at + 14);
        if (tag == FORMAT_EXTENSIBLE) {
            if (size < 40) {
                throw new AudioDecodeException("WAVE_FORMAT_EXTENSIBLE header is too short");
            }
            tag = u16(d, at + 24); // first two bytes of the sub-format GUID are the plain format tag
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new AudioDecodeException("WAV channel count " + channels + " is not supported");
        }
        if (sampleRate < 1000 || sampleRate > 768_000) {
            throw new AudioDecodeException("WAV sample rate " + sampleRate + " Hz is not supported");
        }
        int bytesPerSample = (bits + 7) / 8;
        boolean supported = switch (tag) {
            case FORMAT_PCM -> bits >= 8 && bits <= 32;
            case FORMAT_FLOAT -> bits == 32 || bits == 64;
            case FORMAT_ALAW, FORMAT_ULAW -> bits == 8;
            default -> false;
        };
        if (!supported) {
            throw new AudioDecodeException("WAV encoding " + describe(tag) + " with " + bits + " bits per sample"
                    + " is not supported");
        }
        int frameSize = Math.max(blockAlign, channels * bytesPerSample);
        return new Format(tag, channels, (int) sampleRate, bytesPerSample, frameSize);
    }

    private static void emit(byte[] d, int start, long length, Format f, MonoSink sink)
            throws AudioDecodeException {
        long frames = length / f.frameSize();
        if (frames == 0) {
            throw new AudioDecodeException("WAV file has no audio samples");
        }
        sink.start(f.sampleRate());
        short[] chunk = new short[CHUNK_FRAMES];
        int n = 0;
        int frameAt = start;
        for (long frame = 0; frame < frames; frame++, frameAt += f.frameSize()) {
            double sum = 0;
            for (int c = 0, at = frameAt; c < f.channels(); c++, at += f.bytesPerSample()) {
                sum += sample(d, at, f);
            }
            long mixed = Math.round(sum / f.channels());
            chunk[n++] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, mixed));
            if (n == chunk.length) {
                sink.accept(chunk, n);
                n = 0;
            }
        }
        if (n > 0) {
            sink.accept(chunk, n);
        }
    }

    /** One sample scaled to the 16-bit range. */
    private static double sample(byte[] d, int at, Format f) {
        switch (f.encoding()) {
            case FORMAT_ALAW:
                return G711.alawToLinear(d[at]);
            case FORMAT_ULAW:
                return G711.ulawToLinear(d[at]);
            case FORMAT_FLOAT:
                double v = f.bytesPerSample() == 4
                        ? Float.intBitsToFloat((int) u32(d, at))
                        : Double.longBitsToDouble(u32(d, at) | (u32(d, at + 4) << 32));
                return Double.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v)) * 32767;
            default:
                if (f.bytesPerSample() == 1) {
                    return ((d[at] & 0xFF) - 128) << 8; // 8-bit WAV is unsigned
                }
                // Little-endian signed integer; keep the top 16 bits' worth of precision as a fraction.
                long value = d[at + f.bytesPerSample() - 1]; // sign-extended top byte
                for (int i = f.bytesPerSample() - 2; i >= 0; i--) {
                    value = (value << 8) | (d[at + i] & 0xFF);
                }
                return value / (double) (1L << (8 * f.bytesPerSample() - 16));
        }
    }

    private static String describe(int tag) {
        return switch (tag) {
            case 2 -> "MS ADPCM";
            case 0x11 -> "IMA ADPCM";
            case 0x31 -> "GSM 6.10";
            case 0x55 -> "MP3";
            default -> String.format("0x%04X", tag);
        };
    }

    private static boolean ascii(byte[] d, int at, String s) {
        if (at < 0 || at + s.length() > d.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (d[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] d, int at) {
        return (d[at] & 0xFF) | (d[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] d, int at) {
        return ((d[at] & 0xFFL) | (d[at + 1] & 0xFFL) << 8 | (d[at + 2] & 0xFFL) << 16 | (d[at + 3] & 0xFFL) << 24);
    }
}
