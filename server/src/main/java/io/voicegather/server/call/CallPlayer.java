package io.voicegather.server.call;

import io.voicegather.server.media.play.PcmAudio;
import io.voicegather.server.media.play.PcmAudioSource;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The queue of {@code playback_start} and {@code speak} commands of one call. Items play one after another; each
 * gets exactly one ended report (completed, cancelled, call_hangup, or the load failure), and a started report when
 * it really starts. While a gather with a prompt runs, the queue is suspended: the gather owns the line.
 * Used on the call's strand only.
 */
final class CallPlayer {
    enum Kind { PLAYBACK, SPEAK }

    /** One queued command. For playbacks, mediaUrl or mediaName says what plays (both null for inline content). */
    record Item(Kind kind, CompletableFuture<PcmAudio> audio, int loops, String mediaUrl, String mediaName) {
    }

    interface Reports {
        void started(Item item);

        /** @param detail why it failed, or null */
        void ended(Item item, String status, String detail);
    }

    private final CallAudio audio;
    private final Executor strand;
    private final Reports reports;
    private final Deque<Item> queue = new ArrayDeque<>();
    private Item current;
    private boolean suspended;

    CallPlayer(CallAudio audio, Executor strand, Reports reports) {
        this.audio = audio;
        this.strand = strand;
        this.reports = reports;
    }

    /** Queues an item; {@code stopFirst} "current" or "all" first stops what plays (and, for all, what waits). */
    void add(Item item, String stopFirst) {
        if ("all".equals(stopFirst)) {
            stopAll("cancelled");
        } else if ("current".equals(stopFirst)) {
            stopCurrent("cancelled");
        }
        queue.addLast(item);
        if (current == null) {
            next();
        }
    }

    /** playback_stop: "current" stops what plays (the next item then starts); "all" also drops what waits. */
    void stop(String which) {
        if ("current".equals(which)) {
            stopCurrent("cancelled");
            next();
        } else {
            stopAll("cancelled");
        }
    }

    /** A gather with a prompt takes the line: whatever plays or waits is cancelled, and nothing starts until resume. */
    void suspend() {
        stopAll("cancelled");
        suspended = true;
    }

    void resume() {
        suspended = false;
        next();
    }

    /** Ends everything with this status (e.g. call_hangup). */
    void stopAll(String status) {
        stopCurrent(status);
        while (!queue.isEmpty()) {
            reports.ended(queue.pollFirst(), status, null);
        }
    }

    private void stopCurrent(String status) {
        Item it = current;
        if (it == null) {
            return;
        }
        current = null;
        audio.stop(this); // stopped by its owner: CallAudio reports nothing more about it
        reports.ended(it, status, null);
    }

    private void next() {
        if (current != null || suspended || queue.isEmpty()) {
            return;
        }
        Item it = queue.pollFirst();
        current = it;
        it.audio().whenComplete((pcm, error) -> strand.execute(() -> begin(it, pcm, error)));
    }

    private void begin(Item it, PcmAudio pcm, Throwable error) {
        if (current != it) {
            return; // stopped while it was loading; its ended report is already out
        }
        if (error != null) {
            PromptUnavailableException failure = PromptUnavailableException.of(error);
            current = null;
            reports.ended(it, failure.playbackStatus(), failure.getMessage());
            next();
            return;
        }
        reports.started(it);
        audio.play(this, pcm, plays(it.loops()), completed -> finish(it, completed));
    }

    private void finish(Item it, boolean completed) {
        if (current != it) {
            return;
        }
        current = null;
        reports.ended(it, completed ? "completed" : "cancelled", null);
        next();
    }

    /** A command's {@code loop} ("infinity" arrives as Integer.MAX_VALUE) as the source's play count. */
    private static int plays(int loops) {
        return loops == Integer.MAX_VALUE ? PcmAudioSource.FOREVER : loops;
    }
}
