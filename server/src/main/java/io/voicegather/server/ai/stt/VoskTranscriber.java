package io.voicegather.server.ai.stt;

import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.ProviderHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Offline speech recognition with Vosk (Kaldi) and a model folder the operator downloaded and unpacked. The model
 * is loaded once, when the transcriber is opened; each utterance then gets its own recogniser at 8 kHz (Vosk
 * resamples to the model's rate) on a small bounded pool, so recognition never runs on the caller's thread and at
 * most {@code threads} utterances are decoded at once. When more than {@code maxWaiting} utterances are waiting,
 * further ones fail at once ({@code stt: recogniser busy}) rather than piling up. Thread-safe.
 */
public final class VoskTranscriber implements SpeechToText, AutoCloseable {
    public static final int DEFAULT_THREADS = 2;
    public static final int DEFAULT_MAX_WAITING = 64;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER = "stt";
    /** Samples fed per call: 200 ms, so Vosk's own endpointing can hand back finished segments as it goes. */
    private static final int CHUNK = 1600;

    private final Path folder;
    private final String modelName;
    private final ThreadPoolExecutor executor;
    private final Model model;

    private VoskTranscriber(Path folder, Model model, ThreadPoolExecutor executor) {
        this.folder = folder;
        this.modelName = "vosk:" + folder.getFileName();
        this.model = model;
        this.executor = executor;
    }

    /** {@link #open(Path, int, int)} with {@link #DEFAULT_THREADS} and {@link #DEFAULT_MAX_WAITING}. */
    public static VoskTranscriber open(Path folder) {
        return open(folder, DEFAULT_THREADS, DEFAULT_MAX_WAITING);
    }

    /**
     * Checks the folder, then loads the model (on the recognition pool, waiting for it: a few seconds for a small
     * model, longer for a large one).
     *
     * @throws IllegalArgumentException saying what is wrong when the folder is missing, is not an unpacked Vosk
     *                                  model, or Vosk cannot load it
     */
    public static VoskTranscriber open(Path folder, int threads, int maxWaiting) {
        if (threads < 1 || maxWaiting < 1) {
            throw new IllegalArgumentException("threads and maxWaiting must be at least 1");
        }
        Path dir = folder.toAbsolutePath().normalize();
        checkFolder(dir);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(maxWaiting), ProviderHttp.daemonThreads("vosk"));
        try {
            Model model = executor.submit(() -> load(dir)).get();
            return new VoskTranscriber(dir, model, executor);
        } catch (ExecutionException e) {
            executor.shutdownNow();
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("Vosk could not be started for the model in " + dir + ": " + cause,
                    cause);
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the Vosk model in " + dir, e);
        }
    }

    /**
     * Checks that the folder looks like an unpacked Vosk model ({@code am/final.mdl} and {@code conf/model.conf}, or
     * {@code final.mdl} and {@code mfcc.conf} in older models), with a hint for the usual mistakes (a zip not unpacked, the parent of the model's folder).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkFolder(Path folder) {
        String what = "--vosk-model " + folder;
        if (!Files.exists(folder)) {
            throw new IllegalArgumentException(what + ": no such folder");
        }
        if (!Files.isDirectory(folder)) {
            String hint = folder.getFileName() != null && folder.getFileName().toString().endsWith(".zip")
                    ? " (unpack the zip and give the folder it contains)" : "";
            throw new IllegalArgumentException(what + ": not a folder" + hint);
        }
        if (!Files.isReadable(folder)) {
            throw new IllegalArgumentException(what + ": folder not readable");
        }
        if (isModel(folder)) {
            return;
        }
        List<Path> inside = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.filter(Files::isDirectory).filter(VoskTranscriber::isModel).forEach(inside::add);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot list the folder: " + e.getMessage(), e);
        }
        String hint = inside.size() == 1 ? " (the model seems to be in " + inside.get(0) + ": give that folder)"
                : " (download a model from the Vosk models page and give the folder it unpacks to)";
        throw new IllegalArgumentException(what + ": not a Vosk model folder, it has no am/final.mdl and conf/model.conf" + hint);
    }

    /** The two layouts Vosk accepts: am/final.mdl with conf/model.conf, or (older models) final.mdl with mfcc.conf. */
    private static boolean isModel(Path dir) {
        return Files.isRegularFile(dir.resolve("am").resolve("final.mdl"))
                && Files.isRegularFile(dir.resolve("conf").resolve("model.conf"))
                || Files.isRegularFile(dir.resolve("final.mdl")) && Files.isRegularFile(dir.resolve("mfcc.conf"));
    }

    private static Model load(Path dir) {
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS); // Kaldi's INFO lines would flood the server log
        } catch (LinkageError e) {
            throw new IllegalArgumentException("the Vosk native library cannot be loaded on this machine ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e.getMessage(), e);
        }
        try {
            return new Model(dir.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("--vosk-model " + dir
                    + ": Vosk could not load this model (incomplete download, or files missing; see the log above)", e);
        }
    }

    @Override
    public String modelName() {
        return modelName;
    }

    /** The model folder, absolute. */
    public Path folder() {
        return folder;
    }

    @Override
    public CompletableFuture<Transcript> transcribe(Utterance utterance) {
        try {
            return CompletableFuture.supplyAsync(() -> recognise(utterance.pcm()), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(executor.isShutdown()
                    ? new ProviderException(PROVIDER, "closed", e)
                    : new ProviderException(PROVIDER, "recogniser busy: " + executor.getQueue().size()
                    + " utterances waiting", e));
        }
    }

    private Transcript recognise(short[] pcm) {
        List<String> texts = new ArrayList<>();
        double confidenceSum = 0;
        int words = 0;
        try (Recognizer recognizer = new Recognizer(model, Utterance.SAMPLE_RATE)) {
            recognizer.setWords(true); // per-word confidences
            byte[] chunk = new byte[CHUNK * 2];
            for (int start = 0; start < pcm.length; start += CHUNK) {
                int n = Math.min(CHUNK, pcm.length - start);
                for (int i = 0; i < n; i++) {
                    short s = pcm[start + i];
                    chunk[2 * i] = (byte) s;
                    chunk[2 * i + 1] = (byte) (s >> 8);
                }
                if (recognizer.acceptWaveForm(chunk, n * 2)) {
                    Segment segment = segment(recognizer.getResult());
                    texts.add(segment.text);
                    confidenceSum += segment.confidenceSum;
                    words += segment.words;
                }
            }
            Segment last = segment(recognizer.getFinalResult());
            texts.add(last.text);
            confidenceSum += last.confidenceSum;
            words += last.words;
        } catch (IOException e) {
            throw new ProviderException(PROVIDER, "Vosk could not create a recogniser", e);
        }
        String text = String.join(" ", texts.stream().filter(t -> !t.isBlank()).toList());
        return new Transcript(text.strip(), words == 0 ? Double.NaN : confidenceSum / words);
    }

    private record Segment(String text, double confidenceSum, int words) {
    }

    private static Segment segment(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            double sum = 0;
            int words = 0;
            for (JsonNode word : root.path("result")) {
                if (word.path("conf").isNumber()) {
                    sum += word.get("conf").asDouble();
                    words++;
                }
            }
            return new Segment(root.path("text").asText(""), sum, words);
        } catch (IOException e) {
            throw new ProviderException(PROVIDER, "unreadable Vosk result", e);
        }
    }

    /**
     * Stops taking utterances, lets those under way finish (up to 10 s), then frees the model. If some are still
     * running then, the model is left allocated rather than freed under them.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (executor.awaitTermination(10, TimeUnit.SECONDS)) {
                model.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
