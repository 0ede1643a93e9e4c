package io.voicegather.bench.turn;

import io.voicegather.server.media.codec.G711;

import java.util.Random;

/**
 * A synthetic utterance the server's voice activity detector takes for speech: white noise (not tonal, so the tone
 * rejection leaves it alone) whose level jumps from packet to packet between -30 and -14 dBFS like syllables (so the
 * noise floor does not learn it as steady background), PCMU-encoded, one payload per 20 ms packet. Every packet is
 * well above the detector's thresholds, so the utterance ends exactly at its last packet.
 */
final class SpeechClip {
    private SpeechClip() {
    }

    static byte[][] packets(int count, long seed) {
        Random random = new Random(seed);
        byte[][] out = new byte[count][ReplyAudio.PACKET_SAMPLES];
        short[] pcm = new short[ReplyAudio.PACKET_SAMPLES];
        for (int p = 0; p < count; p++) {
            double dbfs = -30 + 16 * random.nextDouble();
            double rms = 32768 * Math.pow(10, dbfs / 20);
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(random.nextGaussian() * rms)));
            }
            G711.linearToUlaw(pcm, 0, pcm.length, out[p], 0);
        }
        return out;
    }
}
