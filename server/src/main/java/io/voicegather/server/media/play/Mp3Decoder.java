package io.voicegather.server.media.play;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MPEG-1/2 layer III through JLayer, stereo mixed down to mono, ID3v2 tags skipped, and the encoder delay and
 * padding recorded in a LAME tag trimmed off (see {@link Mp3GaplessInfo}).
 *
 * <p>The header is validated here first, and every failure of the library, checked or not, becomes an
 * {@link AudioDecodeException}. The decode runs on a daemon worker thread with a deadline: the worker checks for
 * interruption between frames, and a worker that ignores it (stuck inside one frame on hostile input) is stopped.
 * Workers are kept for the next decodes rather than started for each (about 50 µs a thread); one whose decode
 * overran its deadline is never used again.
 */
final class Mp3Decoder {
    private static final Logger log = LoggerFactory.getLogger(Mp3Decoder.class);
    /** Time a worker gets to notice its interrupt before it is stopped the hard way. */
    private static final long STOP_GRACE_MILLIS = 1_000;
    /** Idle workers kept for the next decodes; one finishing while this many wait ends instead. */
    static final int MAX_IDLE_WORKERS = 4;

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
        Worker worker = Worker.take();
        Future<Void> task = worker.start(() -> {
            decodeNow(data, at, sink);
            return null;
        });
        try {
            task.get(deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.abandon();
            throw new AudioDecodeException("MP3 decoding did not finish within " + deadlineMillis + " ms");
        } catch (InterruptedException e) {
            worker.abandon();
            Thread.currentThread().interrupt();
            throw new AudioDecodeException("MP3 decoding was interrupted", e);
        } catch (ExecutionException e) {
            worker.release();
            Throwable cause = e.getCause();
            if (cause instanceof AudioDecodeException ade) {
                throw ade;
            }
            throw new AudioDecodeException("MP3 stream is damaged or uses an unsupported feature ("
                    + cause.getClass().getSimpleName() + ")", cause);
        }
        worker.release();
    }

    private static void decodeNow(byte[] data, int at, MonoSink sink) throws AudioDecodeException {
        Mp3GaplessInfo gapless = Mp3GaplessInfo.read(data, at);
        Bitstream stream = new Bitstream(new ByteArrayInputStream(data, at, data.length - at));
        Decoder decoder = new Decoder();
        Trimmer trimmer = new Trimmer(gapless, sink);
        try {
            Header header;
            int rate = 0;
            boolean first = true;
            while (!trimmer.done() && (header = stream.readFrame()) != null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new AudioDecodeException("MP3 decoding was abandoned");
                }
                if (header.layer() != 3) {
                    throw new AudioDecodeException("MP3 stream switches to MPEG layer " + header.layer());
                }
                if (first) {
                    rate = header.frequency();
                    sink.start(rate);
                } else if (header.frequency() != rate) {
                    throw new AudioDecodeException("MP3 stream changes sample rate from " + rate + " to "
                            + header.frequency() + " Hz");
                }
                SampleBuffer output = (SampleBuffer) decoder.decodeFrame(header, stream);
                stream.closeFrame();
                if (first && gapless.tagFrame()) {
                    first = false;
                    continue; // the Xing/Info frame decodes to silence that is not part of the audio
                }
                first = false;
                trimmer.accept(output.getBuffer(), output.getBufferLength(), output.getChannelCount());
            }
            if (first) {
                throw new AudioDecodeException("MP3 stream holds no decodable frame");
            }
            trimmer.finish();
        } catch (JavaLayerException | RuntimeException e) {
            throw new AudioDecodeException("MP3 stream is damaged or uses an unsupported feature ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Mixes each decoded frame down to mono and passes on only the samples the LAME tag calls audio. */
    private static final class Trimmer {
        private final MonoSink sink;
        private final short[] mono = new short[1152];
        private long skip;
        private long remaining;

        Trimmer(Mp3GaplessInfo gapless, MonoSink sink) {
            this.sink = sink;
            this.skip = gapless.startSkip();
            this.remaining = gapless.audioLength() >= 0 ? gapless.audioLength() : Long.MAX_VALUE;
        }

        boolean done() {
            return remaining == 0;
        }

        void accept(short[] interleaved, int length, int channels) throws AudioDecodeException {
            int frames = Math.min(length / channels, mono.length);
            int from = (int) Math.min(skip, frames);
            skip -= from;
            int count = (int) Math.min(remaining, frames - from);
            if (count <= 0) {
                return;
            }
            for (int i = 0; i < count; i++) {
                int b = (from + i) * channels;
                mono[i] = channels == 1 ? interleaved[b] : (short) ((interleaved[b] + interleaved[b + 1]) >> 1);
            }
            remaining -= count;
            sink.accept(mono, count);
        }

        /**
         * When the encoder padded less than the decoder delay, the last samples sit in the synthesis filter after
         * the last frame; JLayer has no flush, so that short tail (under 12 ms at 44.1 kHz) is filled with silence
         * to keep the length the tag declares. A longer shortfall is a truncated file and stays short.
         */
        void finish() throws AudioDecodeException {
            if (remaining > 0 && remaining <= Mp3GaplessInfo.DECODER_DELAY) {
                int count = (int) remaining;
                Arrays.fill(mono, 0, count, (short) 0);
                remaining = 0;
                sink.accept(mono, count);
            }
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

    /**
     * A daemon thread that runs one decode at a time and, between decodes, waits among the idle workers. Its loop is
     * a single-thread executor of the JDK's, so once a decode has handed back its result nothing of ours runs on the
     * thread until the next one (what a coverage-guided fuzzer records belongs to the input it is waiting for). A
     * worker whose decode overran its deadline is abandoned: shut down (it takes no other decode), interrupted, and
     * stopped if it ignores that, so a late stop can only reach the decode that earned it.
     */
    private static final class Worker {
        private static final Deque<Worker> IDLE = new ArrayDeque<>(); // most recently used first; guarded by itself

        private final AtomicReference<Thread> thread = new AtomicReference<>();
        private final ExecutorService executor = Executors.newSingleThreadExecutor(decode -> {
            Thread worker = new Thread(decode, "mp3-decode");
            worker.setDaemon(true);
            thread.set(worker);
            return worker;
        });

        /** An idle worker, or a new one. */
        static Worker take() {
            synchronized (IDLE) {
                Worker idle = IDLE.pollFirst();
                return idle != null ? idle : new Worker();
            }
        }

        Future<Void> start(Callable<Void> decode) {
            return executor.submit(decode);
        }

        /** Back among the idle workers once its decode has ended, or ended when enough are idle. */
        void release() {
            synchronized (IDLE) {
                if (IDLE.size() < MAX_IDLE_WORKERS) {
                    IDLE.addFirst(this);
                    return;
                }
            }
            executor.shutdown();
        }

        @SuppressWarnings({"deprecation", "removal"})
        void abandon() {
            executor.shutdownNow(); // the interrupt is seen between frames
            try {
                if (executor.awaitTermination(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                // Stuck inside one frame in pure computation that no interrupt reaches; it holds no locks of ours.
                thread.get().stop();
            } catch (UnsupportedOperationException e) {
                log.warn("A stuck MP3 decoder thread could not be stopped on this JVM; it keeps running");
            }
        }
    }
}
