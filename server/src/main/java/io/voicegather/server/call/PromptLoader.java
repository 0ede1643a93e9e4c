package io.voicegather.server.call;

import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.server.media.play.PcmAudio;

import java.util.concurrent.CompletableFuture;

/**
 * Turns what a command asks to play into 8 kHz mono 16-bit PCM, off the caller's thread (fetching, reading stored
 * media, decoding, resampling and speech synthesis all take time). A future that fails carries a
 * {@link PromptUnavailableException}.
 */
public interface PromptLoader {
    CompletableFuture<PcmAudio> audio(PlaybackStartCommand.Audio audio, boolean useCache);

    CompletableFuture<PcmAudio> speech(SpeakCommand.Speech speech);
}
