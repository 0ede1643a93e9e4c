package io.voicegather.server.ai.conversation;

import io.voicegather.server.ai.vad.VadListener;
import io.voicegather.server.ai.vad.VadSettings;
import io.voicegather.server.ai.vad.VoiceActivityDetector;

/**
 * Cuts the caller's inbound audio into utterances: runs the voice activity detector on every packet and keeps the
 * last seconds of audio in a ring, so that when an utterance ends its samples (with a little audio before and after)
 * can be handed over in one copy. Used by the media receive thread only; the ring is allocated once, so packets
 * cost no garbage — only a finished utterance allocates its copy.
 */
public final class UtteranceCapture {
    /** Audio kept before the detected start: the detector dates a start to its first loud frame, soft onsets come earlier. */
    static final int PRE_ROLL_SAMPLES = 8 * 200;
    /** Audio kept after the detected end, for soft endings. */
    static final int POST_ROLL_SAMPLES = 8 * 150;
    /** An utterance longer than this is cut (and handed over) so that a caller who never pauses still gets an answer. */
    public static final int MAX_UTTERANCE_SAMPLES = 8 * 20_000;

    /** Told on the receive thread: hand work off, never block. */
    public interface Listener {
        void speechStarted();

        void utteranceEnded(short[] pcm);
    }

    private final Listener listener;
    private final VoiceActivityDetector vad;
    private final short[] ring;
    /** Samples written so far; ring index = written % ring.length. */
    private long written;
    private long speechStart = -1;

    public UtteranceCapture(VadSettings settings, Listener listener) {
        this.listener = listener;
        this.vad = new VoiceActivityDetector(settings, new VadListener() {
            @Override
            public void speechStarted(long startSample) {
                speechStart = startSample;
                listener.speechStarted();
            }

            @Override
            public void speechEnded(long startSample, long endSample) {
                speechStart = -1;
                handOver(startSample, endSample);
            }
        });
        // room for the longest utterance, its pre-roll, and the end hangover that passes before the end is known
        this.ring = new short[MAX_UTTERANCE_SAMPLES + PRE_ROLL_SAMPLES + 8 * 2000];
    }

    /** One packet's decoded samples. */
    public void process(short[] pcm, int offset, int length) {
        int at = (int) (written % ring.length);
        int first = Math.min(length, ring.length - at); // up to the end of the ring, the rest from its start
        System.arraycopy(pcm, offset, ring, at, first);
        System.arraycopy(pcm, offset + first, ring, 0, length - first);
        written += length;
        vad.process(pcm, offset, length);
        if (speechStart >= 0 && written - speechStart > MAX_UTTERANCE_SAMPLES) {
            vad.flush(); // ends the utterance now; speechEnded hands it over
        }
    }

    private void handOver(long start, long end) {
        long from = Math.max(Math.max(0, start - PRE_ROLL_SAMPLES), written - ring.length);
        long to = Math.min(written, end + POST_ROLL_SAMPLES);
        if (to <= from) {
            return;
        }
        short[] out = new short[(int) (to - from)];
        int at = (int) (from % ring.length);
        int first = Math.min(out.length, ring.length - at);
        System.arraycopy(ring, at, out, 0, first);
        System.arraycopy(ring, 0, out, first, out.length - first);
        listener.utteranceEnded(out);
    }
}
