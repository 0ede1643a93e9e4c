package io.voicegather.server.call;

import io.voicegather.server.media.RtpSession;
import io.voicegather.server.media.play.PcmAudio;
import io.voicegather.server.media.play.PcmAudioSource;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The one owner of what a call sends: {@code playback_start} and {@code speak} (through {@link CallPlayer}), gather
 * prompts ({@link PromptedGather}), an assistant's replies ({@link CallConversationHost}) and {@code send_dtmf}
 * keys all go out through here, and nothing else touches the RTP session's playback slot.
 * <p>
 * A clip belongs to whoever started it (an owner: any object, compared by identity), and it ends exactly once:
 * <ul>
 *   <li>completed: its audio ran out, and its owner hears {@code finished(true)};</li>
 *   <li>stopped by its owner ({@link #stop}): no report, since the owner already knows;</li>
 *   <li>cut: another clip replaced it, or the caller barged in ({@link #bargeIn}): its owner hears
 *       {@code finished(false)}.</li>
 * </ul>
 * An owner can stop only its own clip, so a gather's end cannot silence the playback that followed it.
 * Which owner may play when is the call's business: the player is suspended while a prompted gather or a
 * conversation holds the line (docs/prompts.md).
 * <p>
 * Threading: the call's strand, except {@link #bargeIn()} (the media receive thread). Every report runs on the
 * strand.
 */
final class CallAudio {
    private final RtpSession media;
    private final Executor strand;
    /** The clip now playing, or null. */
    private Clip current;

    private static final class Clip {
        final Object owner;
        final Consumer<Boolean> finished;
        /** Reported or stopped: nothing more is said about it. */
        boolean over;

        Clip(Object owner, Consumer<Boolean> finished) {
            this.owner = owner;
            this.finished = finished;
        }
    }

    CallAudio(RtpSession media, Executor strand) {
        this.media = media;
        this.strand = strand;
    }

    /**
     * Plays {@code pcm} {@code plays} times ({@link PcmAudioSource#FOREVER} for ever) from the next packet,
     * cutting whatever played; {@code finished} hears how it ended unless its owner stops it first.
     */
    void play(Object owner, PcmAudio pcm, int plays, Consumer<Boolean> finished) {
        Clip clip = new Clip(owner, finished);
        current = clip; // a clip it replaces hears finished(false) when the session lets go of it
        media.play(new PcmAudioSource(pcm, plays, completed -> strand.execute(() -> ended(clip, completed))));
    }

    /** Stops {@code owner}'s clip if it is the one playing, without a report; another owner's clip plays on. */
    void stop(Object owner) {
        Clip clip = current;
        if (clip == null || clip.owner != owner) {
            return;
        }
        clip.over = true;
        current = null;
        media.stopPlayback();
    }

    /** Whether {@code owner}'s clip is the one playing (or about to: started, not yet ended). */
    boolean isPlaying(Object owner) {
        return current != null && current.owner == owner;
    }

    /**
     * The caller started talking over an interruptible reply: silence from the next packet, decided on the packet
     * that confirmed the speech (receive thread), not a strand turn later. The clip is cut: its owner hears
     * {@code finished(false)}.
     */
    void bargeIn() {
        media.stopPlayback();
    }

    /** Queues keys after those still sounding; a playing clip pauses under them. False: too many waiting. */
    boolean sendDtmf(String digits, int durationMillis) {
        return media.sendDtmf(digits, durationMillis);
    }

    /** Keys and pauses of send_dtmf still waiting to be sent. */
    int dtmfPending() {
        return media.dtmfPending();
    }

    private void ended(Clip clip, boolean completed) {
        if (clip.over) {
            return; // its owner stopped it
        }
        clip.over = true;
        if (current == clip) {
            current = null;
        }
        clip.finished.accept(completed);
    }
}
