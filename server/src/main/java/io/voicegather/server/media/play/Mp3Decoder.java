package io.voicegather.server.media.play;

import fr.delthas.javamp3.Sound;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MPEG-1/2 layer III through javamp3, stereo mixed down to mono, ID3v2 tags skipped.
 *
 * <p>javamp3 is not hardened against hostile or merely unusual input: it throws unchecked exceptions on some
 * streams and on a few it spins forever inside one frame. So the header is validated here first, every failure is
 * turned into {@link AudioDecodeException}, and the decode runs on its own daemon thread with a deadline; a decode
 * that overruns is reported as a failure and its thread is stopped.
 */
final class Mp3Decoder {
    private static final Logger log = LoggerFactory.getLogger(Mp3Decoder.class);
    private static final int CHUNK_BYTES = 16384;

    private Mp3Decoder() {
    }

    /** True for an ID3v2 tag or an MPEG audio frame header (11 sync bits, layer III, MPEG-1 or 2). */
    static boolean looksLikeMp3(byte[] data) {
        int at = audioStart(data);
        return at >= 0 && at + 4 <= data.length && isLayer3Header(data, at);
    }

    static void decode(byte[] data, MonoSink sink, long deadlineMillis) throws AudioDecodeException {
        int at = audioStart(data);
        if (at < 0 || at + 4 > data.length) {
            throw new AudioDecodeException("MP3 file has no audio after its ID3 tag");
        }
        if (!isLayer3Header(data, at)) {
            int version = (data[at + 1] >> 3) & 3;
            throw new AudioDecodeException(version == 0
                    ? "MPEG-2.5 audio (8-12 kHz MP3) is not supported"
                    : "not an MPEG layer III (MP3) stream");
        }
        FutureTask<Void> task = new FutureTask<>(() -> {
            decodeNow(data, at, sink);
            return null;
        });
        Thread worker = new Thread(task, "mp3-decode");
        worker.setDaemon(true);
        worker.start();
        try {
            task.get(deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop(worker);
            throw new AudioDecodeException("MP3 decoding did not finish within " + deadlineMillis + " ms");
        } catch (InterruptedException e) {
            stop(worker);
            Thread.currentThread().interrupt();
            throw new AudioDecodeException("MP3 decoding was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AudioDecodeException ade) {
                throw ade;
            }
            throw new AudioDecodeException("MP3 stream is damaged or uses an unsupported feature ("
                    + cause.getClass().getSimpleName() + ")", cause);
        }
    }

    private static void decodeNow(byte[] data, int at, MonoSink sink) throws AudioDecodeException {
        try (Sound sound = new Sound(new ByteArrayInputStream(data, at, data.length - at))) {
            int channels = sound.isStereo() ? 2 : 1;
            sink.start(sound.getSamplingFrequency());
            byte[] bytes = new byte[CHUNK_BYTES];
            short[] mono = new short[CHUNK_BYTES / 2];
            int carry = 0; // bytes of an incomplete sample frame kept from the previous read
            int frameBytes = 2 * channels;
            int n;
            while ((n = sound.read(bytes, carry, bytes.length - carry)) > 0) {
                int have = carry + n;
                int frames = have / frameBytes;
                for (int f = 0; f < frames; f++) {
                    int b = f * frameBytes;
                    int sum = 0;
                    for (int c = 0; c < channels; c++, b += 2) {
                        sum += (short) ((bytes[b] & 0xFF) | (bytes[b + 1] << 8)); // little-endian
                    }
                    mono[f] = (short) (sum / channels);
                }
                if (frames > 0) {
                    sink.accept(mono, frames);
                }
                carry = have - frames * frameBytes;
                System.arraycopy(bytes, frames * frameBytes, bytes, 0, carry);
            }
        } catch (IOException | RuntimeException e) {
            throw new AudioDecodeException("MP3 stream is damaged or uses an unsupported feature ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Offset of the first byte after any ID3v2 tags, or -1 when a tag claims more bytes than there are. */
    static int audioStart(byte[] d) {
        int at = 0;
        while (at + 10 <= d.length && d[at] == 'I' && d[at + 1] == 'D' && d[at + 2] == '3') {
            int size = 0;
            for (int i = 6; i < 10; i++) {
                size = (size << 7) | (d[at + i] & 0x7F); // "syncsafe": 7 bits per byte
            }
            boolean footer = (d[at + 5] & 0x10) != 0;
            long next = (long) at + 10 + size + (footer ? 10 : 0);
            if (next > d.length) {
                return -1;
            }
            at = (int) next;
        }
        // Some encoders pad between the tag and the first frame.
        while (at < d.length && d[at] == 0) {
            at++;
        }
        return at;
    }

    private static boolean isLayer3Header(byte[] d, int at) {
        if ((d[at] & 0xFF) != 0xFF || (d[at + 1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (d[at + 1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 = reserved
        int layer = (d[at + 1] >> 1) & 3; // 1 = layer III
        int bitrate = (d[at + 2] >> 4) & 0xF;
        int rate = (d[at + 2] >> 2) & 3;
        return (version == 3 || version == 2) && layer == 1 && bitrate != 0 && bitrate != 15 && rate != 3;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread worker) {
        worker.interrupt();
        try {
            // The decoder can spin in pure computation that no interrupt reaches; it holds no locks of ours.
            worker.stop();
        } catch (UnsupportedOperationException e) {
            log.warn("A stuck MP3 decoder thread could not be stopped on this JVM; it keeps running");
        }
    }
}
