package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;
import io.voicegather.server.media.play.PcmAudio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
    /** When set, renders wait for the test ({@link #renders}); otherwise they complete at once. */
    boolean holdRenders;
    final List<Render> renders = new ArrayList<>();
    /** The text of each piece of audio handed to play, in order. */
    final List<String> played = new ArrayList<>();
    /** Set when play was called while something still played (the real call would cut it off). */
    boolean overlapped;
    private final Map<PcmAudio, String> audioText = new IdentityHashMap<>();
    private Consumer<Boolean> playing;
    private String playingText;
    private long now;
    private final List<long[]> timerTimes = new ArrayList<>();
    private final List<Runnable> timerTasks = new ArrayList<>();

    /** A render the test completes (or fails) when it likes. */
    final class Render {
        final String text;
        final CompletableFuture<PcmAudio> future = new CompletableFuture<>();

        Render(String text) {
            this.text = text;
        }

        void done() {
            future.complete(audioFor(text));
        }

        void fail() {
            future.completeExceptionally(new IllegalStateException("voice down"));
        }
    }

    @Override
    public CompletableFuture<PcmAudio> render(String text) {
        said.add(text);
        if (failRender) {
            return CompletableFuture.failedFuture(new IllegalStateException("voice down"));
        }
        if (holdRenders) {
            Render r = new Render(text);
            renders.add(r);
            return r.future;
        }
        return CompletableFuture.completedFuture(audioFor(text));
    }

    private PcmAudio audioFor(String text) {
        PcmAudio audio = PcmAudio.silence(100);
        audioText.put(audio, text);
        return audio;
    }

    @Override
    public void play(PcmAudio audio, Consumer<Boolean> finished) {
        overlapped |= playing != null;
        playing = finished;
        playingText = audioText.get(audio);
        played.add(playingText);
    }

    @Override
    public void stopPlaying() {
        Consumer<Boolean> p = playing;
        playing = null;
        playingText = null;
        if (p != null) {
            p.accept(false);
        }
    }

    /** The text of the piece playing now, or null. */
    String nowPlaying() {
        return playingText;
    }

    boolean isPlaying() {
        return playing != null;
    }

    /** The current speech played out. */
    void playedOut() {
        Consumer<Boolean> p = playing;
        playing = null;
        playingText = null;
        if (p == null) {
            throw new AssertionError("nothing is playing");
        }
        p.accept(true);
    }

    /** Every piece of the current reply played out, one after the other. */
    void playedAll() {
        while (playing != null) {
            playedOut();
        }
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
