package io.voicegather.server.ai.conversation;

import io.voicegather.server.media.play.PcmAudio;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One reply said piece by piece ({@link SpeechChunks}): the first piece plays as soon as it is rendered, and the
 * next one is rendered while the current one plays, so the caller waits for one sentence's render, not the reply's.
 *
 * <p>Look-ahead is one piece: a render starts when the piece before it starts playing, so a call never has more
 * than one render in flight and one rendered piece waiting. A sentence takes seconds to play and usually far less
 * to render, so one ahead keeps the pieces back to back; more would only add load on the voice server (thousands
 * of calls share it) and waste renders when the caller cuts in. Renders never overlap, so the first piece does not
 * compete with the second for the voice server.
 *
 * <p>Runs on the call's strand, like the {@link Conversation} that owns it. Every result (a render, the end of a
 * piece) is first checked against {@code current}: once the conversation has moved on (barge-in, stop, a new turn)
 * everything still in flight is ignored, so nothing more is played and {@code over} is never told.
 */
final class SpokenReply {
    private final ConversationHost host;
    private final List<String> pieces;
    private final BooleanSupplier current;
    private final Runnable firstAudio;
    private final Consumer<Throwable> renderFailed;
    private final Runnable over;

    private int nextToRender;
    private boolean rendering;
    /** Rendered, waiting for the piece that plays to end. */
    private PcmAudio ready;
    private boolean playing;
    private boolean started;
    /** A render failed or a piece was stopped: nothing after the piece playing now is said. */
    private boolean dropRest;
    private boolean done;

    /**
     * @param current      whether the conversation still wants this reply said (checked before every step)
     * @param firstAudio   told when the first piece starts playing
     * @param renderFailed told when a piece could not be rendered (the rest of the reply is then skipped)
     * @param over         told once, when the last piece has played, was stopped, or nothing more can be said
     */
    SpokenReply(ConversationHost host, List<String> pieces, BooleanSupplier current, Runnable firstAudio,
                Consumer<Throwable> renderFailed, Runnable over) {
        this.host = host;
        this.pieces = List.copyOf(pieces);
        this.current = current;
        this.firstAudio = firstAudio;
        this.renderFailed = renderFailed;
        this.over = over;
    }

    void start() {
        if (pieces.isEmpty()) {
            finish();
        } else {
            renderNext();
        }
    }

    private void renderNext() {
        String text = pieces.get(nextToRender++);
        rendering = true;
        CompletableFuture<PcmAudio> render;
        try {
            render = host.render(text);
        } catch (RuntimeException e) {
            render = CompletableFuture.failedFuture(e);
        }
        render.whenComplete((pcm, error) -> host.execute(() -> rendered(pcm, error)));
    }

    private void rendered(PcmAudio pcm, Throwable error) {
        if (done || !current.getAsBoolean()) {
            return;
        }
        rendering = false;
        if (error != null) {
            dropRest = true;
            renderFailed.accept(error);
            if (!playing) {
                finish();
            } // else: the piece playing is heard out, then the reply is over
            return;
        }
        if (playing) {
            ready = pcm;
        } else {
            play(pcm);
        }
    }

    private void play(PcmAudio pcm) {
        playing = true;
        if (!started) {
            started = true;
            firstAudio.run();
        }
        // The next render is asked for before play, so a host that reports the end at once still finds it pending.
        if (!dropRest && nextToRender < pieces.size()) {
            renderNext();
        }
        host.play(pcm, this::played);
    }

    private void played(boolean completed) {
        if (done || !current.getAsBoolean()) {
            return;
        }
        playing = false;
        if (!completed) {
            dropRest = true; // cut off (the media thread's barge-in): the rest of the reply is not said
        }
        if (ready != null && !dropRest) {
            PcmAudio next = ready;
            ready = null;
            play(next);
        } else if (dropRest || !rendering) {
            finish();
        } // else: the next piece is still being rendered; it plays when it arrives
    }

    private void finish() {
        done = true;
        ready = null;
        over.run();
    }
}
