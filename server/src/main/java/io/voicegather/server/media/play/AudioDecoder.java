package io.voicegather.server.media.play;

import java.util.Arrays;

/**
 * Decodes a WAV or MP3 file, recognised by its first bytes (never by its name), to mono 16-bit PCM.
 *
 * <p>Every failure, whatever the input, is an {@link AudioDecodeException}; decoding always ends (bounded input
 * walks, a duration cap, and a deadline on the MP3 decoder). Thread-safe and stateless apart from its limits; the
 * work runs on the calling thread (MP3 on a helper thread the caller waits for), so call it off the media clock.
 */
public final class AudioDecoder {
    /** Prompts longer than this are refused rather than held in memory. */
    public static final int DEFAULT_MAX_SECONDS = 600;
    private static final long MP3_BASE_DEADLINE_MILLIS = 5_000;

    private final int maxSeconds;
    private final long mp3DeadlineMillis;

    public AudioDecoder() {
        this(DEFAULT_MAX_SECONDS, MP3_BASE_DEADLINE_MILLIS);
    }

    /**
     * @param maxSeconds longest audio accepted
     * @param mp3DeadlineMillis time an MP3 decode may take, plus one millisecond per kilobyte of input
     */
    public AudioDecoder(int maxSeconds, long mp3DeadlineMillis) {
        if (maxSeconds <= 0 || mp3DeadlineMillis <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxSeconds = maxSeconds;
        this.mp3DeadlineMillis = mp3DeadlineMillis;
    }

    /** Mono PCM at the file's own sample rate. */
    public DecodedAudio decode(byte[] file) throws AudioDecodeException {
        Collector collector = new Collector(maxSeconds);
        run(file, collector);
        return new DecodedAudio(collector.result(), collector.rate);
    }

    /** Mono PCM resampled to 8 kHz on the fly, so a long high-rate file never sits in memory at its own rate. */
    public PcmAudio decodeTo8k(byte[] file) throws AudioDecodeException {
        ResamplingCollector collector = new ResamplingCollector(maxSeconds);
        run(file, collector);
        return PcmAudio.wrap(collector.finish());
    }

    private void run(byte[] file, MonoSink sink) throws AudioDecodeException {
        if (file == null || file.length == 0) {
            throw new AudioDecodeException("audio file is empty");
        }
        try {
            if (WavDecoder.looksLikeWav(file)) {
                WavDecoder.decode(file, sink);
            } else if (startsLikeMpeg(file)) {
                Mp3Decoder.decode(file, sink, mp3DeadlineMillis + file.length / 1000);
            } else {
                throw new AudioDecodeException("unrecognised audio format (expected WAV or MP3)");
            }
        } catch (RuntimeException e) {
            // A bug or an unforeseen corner of a format must still reach the caller as a failed playback.
            throw new AudioDecodeException("audio file could not be decoded (" + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    /** An ID3v2 tag or 11 frame-sync bits: worth handing to the MP3 decoder for a precise verdict. */
    private static boolean startsLikeMpeg(byte[] d) {
        boolean id3 = d.length >= 3 && d[0] == 'I' && d[1] == 'D' && d[2] == '3';
        boolean sync = d.length >= 2 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xE0) == 0xE0;
        return id3 || sync;
    }

    private static final class Collector implements MonoSink {
        private final int maxSeconds;
        private short[] samples = new short[8192];
        private int length;
        private int rate;
        private long limit;

        Collector(int maxSeconds) {
            this.maxSeconds = maxSeconds;
        }

        @Override
        public void start(int sampleRate) {
            rate = sampleRate;
            limit = (long) sampleRate * maxSeconds;
        }

        @Override
        public void accept(short[] chunk, int count) throws AudioDecodeException {
            if (length + (long) count > limit) {
                throw new AudioDecodeException("audio is longer than " + maxSeconds + " s");
            }
            if (length + count > samples.length) {
                samples = Arrays.copyOf(samples, (int) Math.min(limit, Math.max(2L * samples.length,
                        length + count)));
            }
            System.arraycopy(chunk, 0, samples, length, count);
            length += count;
        }

        short[] result() throws AudioDecodeException {
            if (length == 0) {
                throw new AudioDecodeException("audio file holds no samples");
            }
            return Arrays.copyOf(samples, length);
        }
    }

    private static final class ResamplingCollector implements MonoSink {
        private final int maxSeconds;
        private final long limit;
        private Resampler resampler;
        private short[] out = new short[8192];
        private short[] scratch = new short[0];
        private int length;
        private long inputSamples;

        ResamplingCollector(int maxSeconds) {
            this.maxSeconds = maxSeconds;
            this.limit = (long) Resampler.OUTPUT_RATE * maxSeconds;
        }

        @Override
        public void start(int sampleRate) {
            resampler = new Resampler(sampleRate);
        }

        @Override
        public void accept(short[] chunk, int count) throws AudioDecodeException {
            inputSamples += count;
            int room = resampler.maxOutput(count);
            if (scratch.length < room) {
                scratch = new short[room];
            }
            append(scratch, resampler.process(chunk, 0, count, scratch, 0));
        }

        short[] finish() throws AudioDecodeException {
            if (inputSamples == 0) {
                throw new AudioDecodeException("audio file holds no samples");
            }
            short[] tail = new short[resampler.maxOutput(resampler.taps()) + 8];
            append(tail, resampler.flush(tail, 0));
            return Arrays.copyOf(out, length);
        }

        private void append(short[] from, int count) throws AudioDecodeException {
            if (length + (long) count > limit) {
                throw new AudioDecodeException("audio is longer than " + maxSeconds + " s");
            }
            if (length + count > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(limit, Math.max(2L * out.length, length + count)));
            }
            System.arraycopy(from, 0, out, length, count);
            length += count;
        }
    }
}
