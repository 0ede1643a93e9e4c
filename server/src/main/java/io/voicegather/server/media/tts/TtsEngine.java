package io.voicegather.server.media.tts;

import java.util.List;

/**
 * Renders a prompt to 8 kHz mono 16-bit PCM, ready for the media clock. Implementations are thread-safe and may
 * block (call them off the media clock thread, e.g. on the command executor).
 */
public interface TtsEngine {

    /** Output sample rate of every engine. */
    int SAMPLE_RATE = 8000;

    /** Identifies the engine and its configuration for cache keys (e.g. {@code freetts-kevin}). */
    String id();

    /**
     * Renders the request: text segments spoken, pause segments as exact silence.
     *
     * @return 8 kHz mono PCM; empty when there is nothing to say
     * @throws TtsException when the engine cannot produce audio
     */
    short[] render(TtsRequest request) throws TtsException;

    /** Renders parsed segments; {@code language} may be null, {@code rate} 1.0 is normal. */
    default short[] render(List<SpeechSegment> segments, VoiceChoice voice, String language, double rate)
            throws TtsException {
        return render(new TtsRequest(segments, voice, language, rate));
    }

    /** Renders plain text at normal rate in the voice's own language. */
    default short[] render(String text, VoiceChoice voice) throws TtsException {
        return render(TtsRequest.of(text, voice));
    }
}
