package io.voicegather.server.media.play;

/**
 * What the Xing/Info frame that LAME (and ffmpeg) put first in an MP3 says about trimming. That frame is a valid
 * but silent frame; its LAME extension records how many samples of encoder delay precede the audio and how many
 * of padding follow it. Without trimming, every prompt starts with up to a frame of silence plus the codec delay
 * and ends with up to a frame more: 70 to 140 ms of dead air that also shifts when barge-in can start.
 *
 * @param tagFrame    the first frame is an Xing/Info frame, whose (silent) output is not audio
 * @param startSkip   decoded samples to drop after the tag frame: encoder delay plus the decoder's own delay
 * @param audioLength samples of real audio, or -1 when unknown (no LAME extension or no frame count)
 */
record Mp3GaplessInfo(boolean tagFrame, int startSkip, long audioLength) {
    /** Output delay of the standard layer III synthesis (hybrid + polyphase filterbank), in samples. */
    static final int DECODER_DELAY = 529;
    static final Mp3GaplessInfo NONE = new Mp3GaplessInfo(false, 0, -1);

    private static final int FLAG_FRAMES = 1;
    private static final int FLAG_BYTES = 2;
    private static final int FLAG_TOC = 4;
    private static final int FLAG_QUALITY = 8;
    private static final int LAME_DELAY_OFFSET = 21;

    /** Reads the frame whose 4-byte header starts at {@code at}; {@link #NONE} when it is an ordinary frame. */
    static Mp3GaplessInfo read(byte[] d, int at) {
        boolean mpeg1 = ((d[at + 1] >> 3) & 3) == 3;
        boolean mono = ((d[at + 3] >> 6) & 3) == 3;
        boolean crc = (d[at + 1] & 1) == 0;
        int sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int p = at + 4 + (crc ? 2 : 0) + sideInfo;
        if (!(has(d, p, "Xing") || has(d, p, "Info")) || p + 8 > d.length) {
            return NONE;
        }
        int flags = d[p + 7] & 0xFF;
        p += 8;
        long frames = -1;
        if ((flags & FLAG_FRAMES) != 0) {
            if (p + 4 > d.length) {
                return NONE;
            }
            frames = ((d[p] & 0xFFL) << 24) | ((d[p + 1] & 0xFF) << 16) | ((d[p + 2] & 0xFF) << 8) | (d[p + 3] & 0xFF);
            p += 4;
        }
        p += ((flags & FLAG_BYTES) != 0 ? 4 : 0) + ((flags & FLAG_TOC) != 0 ? 100 : 0)
                + ((flags & FLAG_QUALITY) != 0 ? 4 : 0);
        boolean lame = has(d, p, "LAME") || has(d, p, "Lavc") || has(d, p, "Lavf");
        if (!lame || p + LAME_DELAY_OFFSET + 3 > d.length) {
            return new Mp3GaplessInfo(true, 0, -1);
        }
        int b0 = d[p + LAME_DELAY_OFFSET] & 0xFF;
        int b1 = d[p + LAME_DELAY_OFFSET + 1] & 0xFF;
        int b2 = d[p + LAME_DELAY_OFFSET + 2] & 0xFF;
        int delay = (b0 << 4) | (b1 >> 4); // two 12-bit fields
        int padding = ((b1 & 0x0F) << 8) | b2;
        int frameSamples = mpeg1 ? 1152 : 576;
        long length = frames > 0 ? frames * frameSamples - delay - padding : -1;
        return new Mp3GaplessInfo(true, delay + DECODER_DELAY, length > 0 ? length : -1);
    }

    private static boolean has(byte[] d, int at, String ascii) {
        if (at + ascii.length() > d.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (d[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
