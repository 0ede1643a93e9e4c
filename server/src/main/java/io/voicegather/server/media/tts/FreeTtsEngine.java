package io.voicegather.server.media.tts;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.audio.AudioPlayer;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;

/**
 * The built-in offline voice: FreeTTS's "kevin" diphone voice, which is natively 8 kHz (no resampling). English
 * only; other languages are read with English rules. A FreeTTS voice is not thread-safe, so the engine keeps a small
 * pool of independent voices and lends one to each render; renders beyond the pool size wait for a free voice.
 * Each voice is loaded and exercised once at construction so the first call is not slow.
 *
 * <p>Variants: {@link VoiceChoice.Gender#FEMALE} gets a raised pitch, everything else kevin's own pitch. The rate
 * stretches durations. Output is normalised to about -18 dBFS RMS; each spoken piece is trimmed of FreeTTS's own
 * edge silence so that pause segments give the silence they ask for.
 */
public final class FreeTtsEngine implements TtsEngine, AutoCloseable {

    static final float MALE_PITCH_HZ = 100f;
    static final float FEMALE_PITCH_HZ = 170f;
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final BlockingQueue<PooledVoice> pool;
    private final int size;
    private volatile boolean closed;

    /** A pool of {@code voices} voices (at least 1); each costs a few MB and about 100 ms to load. */
    public FreeTtsEngine(int voices) {
        if (voices < 1) {
            throw new IllegalArgumentException("voices must be at least 1: " + voices);
        }
        this.size = voices;
        this.pool = new ArrayBlockingQueue<>(voices);
        for (int i = 0; i < voices; i++) {
            PooledVoice voice = new PooledVoice();
            voice.speak("Ready.", VoiceChoice.Gender.MALE, 1.0); // warm-up: lexicon, diphones, JIT
            pool.add(voice);
        }
    }

    /** Two voices: enough to keep both cores of a small machine busy. */
    public FreeTtsEngine() {
        this(2);
    }

    @Override
    public String id() {
        return "freetts-kevin";
    }

    @Override
    public short[] render(TtsRequest request) throws TtsException {
        if (closed) {
            throw new TtsException(TtsException.Reason.ENGINE, "FreeTTS engine is closed");
        }
        PooledVoice voice;
        try {
            voice = pool.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtsException(TtsException.Reason.ENGINE, "interrupted waiting for a FreeTTS voice", e);
        }
        if (voice == null) {
            throw new TtsException(TtsException.Reason.TIMEOUT, "no FreeTTS voice free within "
                    + BORROW_TIMEOUT_SECONDS + " s");
        }
        try {
            Pcm.Builder out = new Pcm.Builder();
            for (SpeechSegment segment : request.segments()) {
                if (segment instanceof SpeechSegment.Text text) {
                    out.append(Pcm.trim(voice.speak(text.text(), request.voice().gender(), request.clampedRate())));
                } else if (segment instanceof SpeechSegment.Pause pause) {
                    out.silence(pause.millis());
                }
            }
            return Pcm.normalise(out.toArray());
        } catch (RuntimeException e) {
            throw new TtsException(TtsException.Reason.ENGINE, "FreeTTS failed: " + e, e);
        } finally {
            if (closed) {
                voice.voice.deallocate();
            } else {
                pool.add(voice);
            }
        }
    }

    /** Number of voices in the pool, i.e. renders that can run at once. */
    public int concurrency() {
        return size;
    }

    @Override
    public void close() {
        closed = true;
        PooledVoice voice;
        while ((voice = pool.poll()) != null) {
            voice.voice.deallocate();
        }
    }

    /** One FreeTTS voice and the player that captures its audio; used by one thread at a time. */
    private static final class PooledVoice {
        private final Voice voice;
        private final CapturePlayer player = new CapturePlayer();
        private final float baseRange;

        PooledVoice() {
            Voice found = null;
            for (Voice candidate : new KevinVoiceDirectory().getVoices()) {
                if (candidate.getName().equals("kevin")) {
                    found = candidate;
                }
            }
            if (found == null) {
                throw new IllegalStateException("FreeTTS voice 'kevin' not found");
            }
            voice = found;
            voice.setAudioPlayer(player);
            voice.allocate();
            baseRange = voice.getPitchRange();
        }

        short[] speak(String text, VoiceChoice.Gender gender, double rate) {
            boolean female = gender == VoiceChoice.Gender.FEMALE;
            voice.setPitch(female ? FEMALE_PITCH_HZ : MALE_PITCH_HZ);
            voice.setPitchRange(female ? baseRange * 1.6f : baseRange);
            voice.setDurationStretch((float) (1.0 / rate));
            player.reset();
            if (!voice.speak(text)) {
                throw new IllegalStateException("FreeTTS did not speak: " + text);
            }
            return player.samples();
        }
    }

    /** Collects what FreeTTS "plays" instead of sending it to a sound card. */
    private static final class CapturePlayer implements AudioPlayer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private AudioFormat format = new AudioFormat(8000f, 16, 1, true, true);

        short[] samples() {
            byte[] raw = bytes.toByteArray();
            if (format.getSampleSizeInBits() != 16 || format.getChannels() != 1) {
                throw new IllegalStateException("unexpected FreeTTS audio format " + format);
            }
            boolean bigEndian = format.isBigEndian();
            short[] pcm = new short[raw.length / 2];
            for (int i = 0; i < pcm.length; i++) {
                int hi = bigEndian ? raw[2 * i] : raw[2 * i + 1];
                int lo = (bigEndian ? raw[2 * i + 1] : raw[2 * i]) & 0xFF;
                pcm[i] = (short) ((hi << 8) | lo);
            }
            int rate = Math.round(format.getSampleRate());
            return rate == TtsEngine.SAMPLE_RATE ? pcm : io.voicegather.server.media.play.Resampler.to8k(pcm, rate);
        }

        @Override
        public void setAudioFormat(AudioFormat format) {
            this.format = format;
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void reset() {
            bytes.reset();
        }

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public void begin(int size) {
        }

        @Override
        public boolean end() {
            return true;
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
        }

        @Override
        public float getVolume() {
            return 1f;
        }

        @Override
        public void setVolume(float volume) {
        }

        @Override
        public long getTime() {
            return 0;
        }

        @Override
        public void resetTime() {
        }

        @Override
        public void startFirstSampleTimer() {
        }

        @Override
        public boolean write(byte[] audio) {
            return write(audio, 0, audio.length);
        }

        @Override
        public boolean write(byte[] audio, int offset, int length) {
            bytes.write(audio, offset, length);
            return true;
        }

        @Override
        public void showMetrics() {
        }
    }
}
