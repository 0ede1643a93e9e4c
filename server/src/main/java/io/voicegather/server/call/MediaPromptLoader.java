package io.voicegather.server.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.api.json.Json;
import io.voicegather.server.media.play.AudioDecodeException;
import io.voicegather.server.media.play.AudioDecoder;
import io.voicegather.server.media.play.AudioFetchException;
import io.voicegather.server.media.play.AudioFetcher;
import io.voicegather.server.media.play.PcmAudio;
import io.voicegather.server.media.tts.TtsEngine;
import io.voicegather.server.media.tts.TtsException;
import io.voicegather.server.media.tts.TtsRequest;
import io.voicegather.server.store.media.MediaStore;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Loads prompts for calls: audio from a URL, from media storage or inline (decoded and resampled to 8 kHz), and
 * speech from the TTS engine. Work runs on the given executor, never on the call's strand.
 */
public final class MediaPromptLoader implements PromptLoader {
    private final TtsEngine tts;
    private final MediaStore store;
    private final AudioFetcher urls;
    private final Executor workers;
    private final AudioDecoder decoder = new AudioDecoder();

    /** @param urls fetches {@code audio_url}s (limits, scheme allowlist, cache) and decodes them to 8 kHz */
    public MediaPromptLoader(TtsEngine tts, MediaStore store, AudioFetcher urls, Executor workers) {
        this.tts = tts;
        this.store = store;
        this.urls = urls;
        this.workers = workers;
    }

    @Override
    public CompletableFuture<PcmAudio> audio(PlaybackStartCommand.Audio audio, boolean useCache) {
        if (audio.audioUrl() != null) {
            String url = audio.audioUrl();
            return urls.fetch(url, useCache).handle((pcm, error) -> {
                if (error == null) {
                    return pcm;
                }
                AudioFetchException failure = AudioFetcher.failureOf(error);
                throw new PromptUnavailableException(failure.reason() == AudioFetchException.Reason.NOT_FOUND,
                        url + ": " + failure.getMessage(), failure);
            });
        }
        if (audio.mediaName() != null) {
            String name = audio.mediaName();
            return CompletableFuture.supplyAsync(() -> decode(store.read(name).orElseThrow(
                    () -> new PromptUnavailableException(true, "no stored media named '" + name + "'", null)),
                    "stored media '" + name + "'"), workers);
        }
        byte[] content = audio.content();
        return CompletableFuture.supplyAsync(() -> decode(content, "playback_content"), workers);
    }

    /**
     * Checks the payload at once (malformed SSML is the caller's error: a 422 on {@code /payload}), then renders it
     * on the workers.
     */
    @Override
    public CompletableFuture<PcmAudio> speech(SpeakCommand.Speech speech) {
        TtsRequest request;
        try {
            request = TtsRequest.forSpeak(speech.payload(), speech.payloadType().wireName(), speech.voice(),
                    speech.language(), settings(speech.voiceSettings()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.invalidValue("payload", "The payload cannot be spoken: " + e.getMessage()));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return PcmAudio.of(tts.render(request));
            } catch (TtsException e) {
                throw new PromptUnavailableException(false, "speech synthesis failed: " + e.getMessage(), e);
            }
        }, workers);
    }

    private PcmAudio decode(byte[] file, String what) {
        try {
            return decoder.decodeTo8k(file);
        } catch (AudioDecodeException e) {
            throw new PromptUnavailableException(false, what + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> settings(ObjectNode voiceSettings) {
        return voiceSettings == null ? null : Json.MAPPER.convertValue(voiceSettings, Map.class);
    }
}
