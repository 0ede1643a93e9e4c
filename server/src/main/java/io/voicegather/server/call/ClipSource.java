package io.voicegather.server.call;

import io.voicegather.server.media.AudioSource;

import java.util.function.Consumer;

/**
 * Plays one 8 kHz clip {@code loops} times (Integer.MAX_VALUE: until stopped) and says once how it ended.
 * Read on the media clock thread: no allocation, no blocking.
 */
final class ClipSource implements AudioSource {
    private final short[] clip;
    private final Consumer<Boolean> onFinished;
    private int loopsLeft;
    private int position;

    ClipSource(short[] clip, int loops, Consumer<Boolean> onFinished) {
        this.clip = clip;
        this.loopsLeft = Math.max(1, loops);
        this.onFinished = onFinished;
    }

    @Override
    public int read(short[] pcm8k, int count) {
        int written = 0;
        while (written < count && loopsLeft > 0) {
            if (clip.length == 0) {
                loopsLeft = 0;
                break;
            }
            int n = Math.min(count - written, clip.length - position);
            System.arraycopy(clip, position, pcm8k, written, n);
            written += n;
            position += n;
            if (position == clip.length) {
                position = 0;
                if (loopsLeft != Integer.MAX_VALUE) {
                    loopsLeft--;
                }
            }
        }
        return written;
    }

    @Override
    public void finished(boolean completed) {
        onFinished.accept(completed);
    }
}
