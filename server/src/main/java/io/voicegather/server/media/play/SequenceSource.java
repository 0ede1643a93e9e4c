package io.voicegather.server.media.play;

import io.voicegather.server.media.AudioSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays sources one after another with no gap between them (a spoken prompt with SSML breaks, queued prompts).
 * {@link #read} and {@link #finished} run on the media clock thread; read allocates nothing once its scratch buffer
 * fits the packet size.
 *
 * <p>Each part hears {@link AudioSource#finished} exactly once: {@code true} when it ran out, {@code false} when
 * the sequence was stopped before or while it played. The sequence's own listener hears the end of the whole.
 */
public final class SequenceSource implements AudioSource {
    private final AudioSource[] parts;
    private final Consumer<Boolean> onFinished;
    private short[] scratch = new short[320];
    private int current;

    public SequenceSource(List<? extends AudioSource> parts, Consumer<Boolean> onFinished) {
        this.parts = parts.toArray(new AudioSource[0]);
        this.onFinished = onFinished;
    }

    @Override
    public int read(short[] pcm8k, int count) {
        int written = 0;
        while (written < count && current < parts.length) {
            AudioSource part = parts[current];
            int want = count - written;
            int got;
            if (written == 0) {
                got = Math.max(0, part.read(pcm8k, want));
            } else {
                if (scratch.length < want) {
                    scratch = new short[want];
                }
                got = Math.max(0, part.read(scratch, want));
                System.arraycopy(scratch, 0, pcm8k, written, Math.min(got, want));
            }
            written += Math.min(got, want);
            if (got < want) {
                current++;
                part.finished(true);
            }
        }
        return written;
    }

    @Override
    public void finished(boolean completed) {
        if (onFinished != null) {
            onFinished.accept(completed);
        }
        // Parts that never got to the end hear that they were cut short.
        for (int i = current; i < parts.length; i++) {
            parts[i].finished(false);
        }
    }

    /** Index of the part now playing (parts.length once all have run out); media clock thread. */
    public int currentPart() {
        return current;
    }
}
