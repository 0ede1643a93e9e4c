package io.voicegather.bench.turn;

import io.voicegather.server.media.codec.G711;
import io.voicegather.server.media.play.PcmAudio;

/** What the caller can tell apart on the wire: a PCMU packet is "silent" when every byte is the µ-law zero. */
final class ReplyAudio {
    static final int PACKET_SAMPLES = 160;
    static final byte ULAW_ZERO = (byte) 0xFF;

    private ReplyAudio() {
    }

    /** Packets at the start of {@code audio} that encode to all µ-law zero, so arrive looking like silence. */
    static int leadingSilentPackets(PcmAudio audio) {
        if (audio == null) {
            return 0;
        }
        for (int i = 0; i < audio.length(); i++) {
            if (G711.linearToUlaw(audio.sample(i)) != ULAW_ZERO) {
                return i / PACKET_SAMPLES;
            }
        }
        return audio.length() / PACKET_SAMPLES;
    }

    static boolean audible(byte[] packet, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (packet[i] != ULAW_ZERO) {
                return true;
            }
        }
        return false;
    }
}
