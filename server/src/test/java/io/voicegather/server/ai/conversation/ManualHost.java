package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;
import io.voicegather.server.media.play.PcmAudio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A call for a conversation under test: single-threaded (execute runs at once), a manual clock, speech that
 * "plays" until the test says it ended, transcripts the test hands out, and every webhook recorded.
 */
final class ManualHost implements ConversationHost {
    record Event(String type, String detail, ObjectNode data, List<AiMessage> history) {
    }

    final List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<Utterance> heard = new ArrayList<>();
    final Deque<CompletableFuture<Transcript>> transcripts = new ArrayDeque<>();
    boolean hungUp;
    boolean failRender;
    private Consumer<Boolean> playing;
    private long now;
    private final List<long[]> timerTimes = new ArrayList<>();
    private final List<Runnable> timerTasks = new ArrayList<>();

    @Override
    public CompletableFuture<PcmAudio> render(String text) {
        said.add(text);
        if (failRender) {
            return CompletableFuture.failedFuture(new IllegalStateException("voice down"));
        }
        return CompletableFuture.completedFuture(PcmAudio.silence(100));
    }

    @Override
    public void play(PcmAudio audio, Consumer<Boolean> finished) {
        playing = finished;
    }

    @Override
    public void stopPlaying() {
        Consumer<Boolean> p = playing;
        playing = null;
        if (p != null) {
            p.accept(false);
        }
    }

    boolean isPlaying() {
        return playing != null;
    }

    /** The current speech played out. */
    void playedOut() {
        Consumer<Boolean> p = playing;
        playing = null;
        if (p == null) {
            throw new AssertionError("nothing is playing");
        }
        p.accept(true);
    }

    /** The next transcription answers this (or, if queued before, the queued future is used). */
    void willHear(String text) {
        transcripts.add(CompletableFuture.completedFuture(Transcript.of(text)));
    }

    @Override
    public CompletableFuture<Transcript> transcribe(Utterance utterance) {
        heard.add(utterance);
        CompletableFuture<Transcript> next = transcripts.poll();
        return next != null ? next : CompletableFuture.failedFuture(new IllegalStateException("nothing scripted"));
    }

    @Override
    public Runnable schedule(long delayMillis, Runnable task) {
        long[] at = {now + delayMillis};
        timerTimes.add(at);
        timerTasks.add(task);
        return () -> {
            int i = timerTimes.indexOf(at);
            if (i >= 0) {
                timerTimes.remove(i);
                timerTasks.remove(i);
            }
        };
    }

    void advance(long millis) {
        long until = now + millis;
        while (true) {
            int due = -1;
            for (int i = 0; i < timerTimes.size(); i++) {
                if (timerTimes.get(i)[0] <= until && (due < 0 || timerTimes.get(i)[0] < timerTimes.get(due)[0])) {
                    due = i;
                }
            }
            if (due < 0) {
                break;
            }
            now = timerTimes.get(due)[0];
            timerTimes.remove(due);
            timerTasks.remove(due).run();
        }
        now = until;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public void hangUp() {
        hungUp = true;
    }

    @Override
    public void historyUpdated(List<AiMessage> history) {
        events.add(new Event("history", null, null, history));
    }

    @Override
    public void partialResults(ObjectNode partial, List<AiMessage> history) {
        events.add(new Event("partial", null, partial, history));
    }

    @Override
    public void gatherEnded(ObjectNode result, String status, String detail, List<AiMessage> history) {
        events.add(new Event("gather_ended:" + status, detail, result, history));
    }

    @Override
    public void conversationEnded(String reason, long durationMillis, String llmModel) {
        events.add(new Event("conversation_ended:" + reason, llmModel, null, null));
    }

    List<String> types() {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            out.add(e.type());
        }
        return out;
    }

    Event last(String typePrefix) {
        Event found = null;
        for (Iterator<Event> it = events.iterator(); it.hasNext(); ) {
            Event e = it.next();
            if (e.type().startsWith(typePrefix)) {
                found = e;
            }
        }
        if (found == null) {
            throw new AssertionError("no " + typePrefix + " event in " + types());
        }
        return found;
    }
}
