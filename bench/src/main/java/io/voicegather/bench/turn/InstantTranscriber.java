package io.voicegather.bench.turn;

import io.voicegather.server.ai.stt.SpeechToText;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A recogniser that costs nothing: a fixed transcript, already complete. Stamps when it was asked. */
final class InstantTranscriber implements SpeechToText {
    private final List<Caller> callers;

    InstantTranscriber(List<Caller> callers) {
        this.callers = callers;
    }

    @Override
    public String modelName() {
        return "instant";
    }

    @Override
    public CompletableFuture<Transcript> transcribe(Utterance utterance) {
        long now = System.nanoTime();
        int index = CallerTag.read(utterance.pcm());
        if (index >= 0 && index < callers.size()) {
            Turn t = callers.get(index).turn;
            if (t != null && t.sttCalled == 0) {
                t.sttCalled = now;
            }
        }
        return CompletableFuture.completedFuture(Transcript.of("What can you tell me?"));
    }
}
