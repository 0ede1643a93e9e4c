package io.voicegather.bench.turn;

import io.voicegather.server.media.codec.G711;

/**
 * Tells the instant recogniser which caller an utterance came from, with no server hook: every silent packet a
 * caller sends starts with its index in three inaudible µ-law codes (base 16, the 16 smallest positive levels,
 * about -96 dBFS over the packet). The utterance the server hands over starts 200 ms (exactly 10 packets) before the
 * detected speech start, so its first three samples are one of those silent packets' tag.
 */
final class CallerTag {
    static final int DIGITS = 3;
    static final int MAX_CALLERS = 16 * 16 * 16;
    private static final short[] LEVELS = new short[16];

    static {
        for (int d = 0; d < 16; d++) {
            LEVELS[d] = G711.ulawToLinear(code(d));
        }
    }

    private CallerTag() {
    }

    private static byte code(int digit) {
        return (byte) (0xF0 | digit);
    }

    /** Writes caller {@code index}'s tag into a PCMU payload. */
    static void write(int index, byte[] payload, int offset) {
        payload[offset] = code((index >> 8) & 15);
        payload[offset + 1] = code((index >> 4) & 15);
        payload[offset + 2] = code(index & 15);
    }

    /** The caller index tagged at the start of decoded PCM, or -1. */
    static int read(short[] pcm) {
        if (pcm.length < DIGITS) {
            return -1;
        }
        int index = 0;
        for (int i = 0; i < DIGITS; i++) {
            int digit = digitOf(pcm[i]);
            if (digit < 0) {
                return -1;
            }
            index = index * 16 + digit;
        }
        return index;
    }

    private static int digitOf(short level) {
        for (int d = 0; d < 16; d++) {
            if (LEVELS[d] == level) {
                return d;
            }
        }
        return -1;
    }
}
