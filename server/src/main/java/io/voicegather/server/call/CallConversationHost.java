package io.voicegather.server.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.conversation.ConversationHost;
import io.voicegather.server.ai.stt.SpeechToText;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;
import io.voicegather.server.media.play.PcmAudio;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A conversation's view of its call: the call's RTP for speech, its strand and timers, its webhooks. */
final class CallConversationHost implements ConversationHost {
    private final Call call;
    private final CallEvents events;
    private final PromptLoader speech;
    private final PromptLoader builtInSpeech;
    private final SpeakCommand.Speech voice;
    private final SpeechToText stt;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final ConversationFacts facts;
    private final Consumer<Call> hangUp;
    private final Runnable ended;

    /**
     * @param voice a Speech carrying the conversation's voice and settings (its payload is replaced per turn)
     * @param stt   the recogniser, or null (keypad only)
     * @param ended told once the conversation has reported its end
     */
    CallConversationHost(Call call, CallEvents events, PromptLoader speech, PromptLoader builtInSpeech,
                         SpeakCommand.Speech voice, SpeechToText stt, ScheduledExecutorService timers, Clock clock,
                         ConversationFacts facts, Consumer<Call> hangUp, Runnable ended) {
        this.call = call;
        this.events = events;
        this.speech = speech;
        this.builtInSpeech = builtInSpeech;
        this.voice = voice;
        this.stt = stt;
        this.timers = timers;
        this.clock = clock;
        this.facts = facts;
        this.hangUp = hangUp;
        this.ended = ended;
    }

    @Override
    public CompletableFuture<PcmAudio> render(String text) {
        SpeakCommand.Speech s = voice.withPayload(text);
        CompletableFuture<PcmAudio> first;
        try {
            first = speech.speech(s);
        } catch (RuntimeException e) {
            first = CompletableFuture.failedFuture(e);
        }
        if (builtInSpeech == null) {
            return first;
        }
        // the configured voice failed: the built-in one says it, so the caller is never left in silence
        return first.handle((pcm, error) -> error == null ? CompletableFuture.completedFuture(pcm)
                : builtInSpeech.speech(new SpeakCommand.Speech(text, s.payloadType(), "female", s.serviceLevel(),
                        s.language(), null))).thenCompose(f -> f);
    }

    @Override
    public void play(PcmAudio audio, Consumer<Boolean> finished) {
        call.audio.play(this, audio, 1, finished);
    }

    @Override
    public void stopPlaying() {
        call.audio.stop(this);
    }

    @Override
    public CompletableFuture<Transcript> transcribe(Utterance utterance) {
        if (stt == null) {
            return CompletableFuture.failedFuture(new ProviderException("stt", "no speech recogniser is configured"));
        }
        return stt.transcribe(utterance);
    }

    @Override
    public Runnable schedule(long delayMillis, Runnable task) {
        ScheduledFuture<?> f = timers.schedule(() -> call.strand.execute(task), Math.max(0, delayMillis),
                TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        call.strand.execute(task);
    }

    @Override
    public long nowMillis() {
        return clock.millis();
    }

    @Override
    public void hangUp() {
        hangUp.accept(call);
    }

    @Override
    public void historyUpdated(List<AiMessage> history) {
        events.aiGatherHistoryUpdated(call, history, clock.instant());
    }

    @Override
    public void partialResults(ObjectNode partial, List<AiMessage> history) {
        events.aiGatherPartialResults(call, partial, history, clock.instant());
    }

    @Override
    public void gatherEnded(ObjectNode result, String status, String detail, List<AiMessage> history) {
        events.aiGatherEnded(call, result.deepCopy(), status, detail, history, clock.instant());
    }

    @Override
    public void conversationEnded(String reason, long durationMillis, String llmModel) {
        events.conversationEnded(call, facts, reason, durationMillis, llmModel, clock.instant());
        ended.run();
    }
}
