package io.voicegather.server.media.codec;

/**
 * G.711 μ-law and A-law by table lookup. The four tables (64 KiB per encoder, 256 entries per decoder) are
 * computed once at class load from the classic segment algorithms, so the hot path is one array read per sample.
 */
public final class G711 {
    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;

    private static final byte[] LINEAR_TO_ULAW = new byte[65536];
    private static final byte[] LINEAR_TO_ALAW = new byte[65536];
    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 65536; i++) {
            short sample = (short) i;
            LINEAR_TO_ULAW[i] = computeUlaw(sample);
            LINEAR_TO_ALAW[i] = computeAlaw(sample);
        }
        for (int code = 0; code < 256; code++) {
            ULAW_TO_LINEAR[code] = computeUlawDecode(code);
            ALAW_TO_LINEAR[code] = computeAlawDecode(code);
        }
    }

    private G711() {
    }

    public static byte linearToUlaw(short sample) {
        return LINEAR_TO_ULAW[sample & 0xFFFF];
    }

    public static byte linearToAlaw(short sample) {
        return LINEAR_TO_ALAW[sample & 0xFFFF];
    }

    public static short ulawToLinear(byte code) {
        return ULAW_TO_LINEAR[code & 0xFF];
    }

    public static short alawToLinear(byte code) {
        return ALAW_TO_LINEAR[code & 0xFF];
    }

    public static void linearToUlaw(short[] pcm, int offset, int count, byte[] out, int outOffset) {
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = LINEAR_TO_ULAW[pcm[offset + i] & 0xFFFF];
        }
    }

    public static void linearToAlaw(short[] pcm, int offset, int count, byte[] out, int outOffset) {
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = LINEAR_TO_ALAW[pcm[offset + i] & 0xFFFF];
        }
    }

    public static void ulawToLinear(byte[] in, int offset, int count, short[] pcm, int pcmOffset) {
        for (int i = 0; i < count; i++) {
            pcm[pcmOffset + i] = ULAW_TO_LINEAR[in[offset + i] & 0xFF];
        }
    }

    public static void alawToLinear(byte[] in, int offset, int count, short[] pcm, int pcmOffset) {
        for (int i = 0; i < count; i++) {
            pcm[pcmOffset + i] = ALAW_TO_LINEAR[in[offset + i] & 0xFF];
        }
    }

    /** Index of the segment (0..7) whose upper bound 0xFF << seg holds {@code value}, or 8 past the top. */
    private static int segment(int value, int firstSegmentEnd) {
        int end = firstSegmentEnd;
        for (int seg = 0; seg < 8; seg++) {
            if (value <= end) {
                return seg;
            }
            end = (end << 1) | 1;
        }
        return 8;
    }

    private static byte computeUlaw(short sample) {
        int value = sample;
        int mask;
        if (value < 0) {
            value = -value;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (value > ULAW_CLIP) {
            value = ULAW_CLIP;
        }
        value += ULAW_BIAS;
        int seg = segment(value, 0xFF);
        int code = (seg << 4) | ((value >> (seg + 3)) & 0x0F);
        return (byte) (code ^ mask);
    }

    private static byte computeAlaw(short sample) {
        int value = sample;
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int seg = segment(value, 0xFF);
        int code;
        if (seg >= 8) {
            code = 0x7F;
        } else {
            code = seg << 4;
            code |= seg < 2 ? (value >> 4) & 0x0F : (value >> (seg + 3)) & 0x0F;
        }
        return (byte) (code ^ mask);
    }

    private static short computeUlawDecode(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + ULAW_BIAS;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS);
    }

    private static short computeAlawDecode(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
