package io.voicegather.server.store.media;

import java.util.Optional;

/**
 * Recognises the audio formats calls can play from their first bytes; the client's own Content-Type or file name
 * is never trusted.
 */
public final class MediaContentTypes {
    public static final String WAV = "audio/wav";
    public static final String MP3 = "audio/mpeg";

    private MediaContentTypes() {
    }

    /** audio/wav for a RIFF/WAVE file, audio/mpeg for MP3 (ID3v2 tag or an MPEG audio frame header), else empty. */
    public static Optional<String> sniff(byte[] b) {
        if (b.length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) {
            return Optional.of(WAV);
        }
        if (b.length >= 10 && ascii(b, 0, "ID3") && (b[3] & 0xFF) < 0xFF && (b[4] & 0xFF) < 0xFF) {
            return Optional.of(MP3);
        }
        if (b.length >= 4 && isMpegFrameHeader(b)) {
            return Optional.of(MP3);
        }
        return Optional.empty();
    }

    /** An 11-bit frame sync with a valid version, layer, bitrate and sample rate. */
    private static boolean isMpegFrameHeader(byte[] b) {
        int b1 = b[1] & 0xFF;
        int b2 = b[2] & 0xFF;
        boolean sync = (b[0] & 0xFF) == 0xFF && (b1 & 0xE0) == 0xE0;
        int version = (b1 >> 3) & 0x3;   // 01 is reserved
        int layer = (b1 >> 1) & 0x3;     // 00 is reserved
        int bitrate = (b2 >> 4) & 0xF;   // 1111 is invalid
        int sampleRate = (b2 >> 2) & 0x3; // 11 is reserved
        return sync && version != 1 && layer != 0 && bitrate != 0xF && sampleRate != 3;
    }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
