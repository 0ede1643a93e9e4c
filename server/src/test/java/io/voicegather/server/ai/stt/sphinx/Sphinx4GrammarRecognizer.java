package io.voicegather.server.ai.stt.sphinx;

import edu.cmu.sphinx.api.AbstractSpeechRecognizer;
import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.api.SpeechResult;
import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.stt.SpeechToText;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;
import io.voicegather.server.ai.stt.grammar.SchemaGrammar;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Sphinx4 (en-US 16 kHz acoustic model, cmudict) constrained by the JSGF grammar {@link SchemaGrammar} writes for the
 * expected field. The 8 kHz utterance is doubled to 16 kHz (or, with {@link FrontEnd#NATIVE_8K}, fed at 8 kHz to a
 * mel filter bank limited to the telephone band) and decoded in one piece.
 *
 * <p>Decoders are built lazily per grammar text and kept in a pool per grammar, so that two utterances with the
 * same grammar can be decoded at once on two threads; a decoder serves one utterance at a time. Each decoder
 * loads the acoustic model and a dictionary cut down to the grammar's words (about a second). Work runs on the
 * given executor; {@link #transcribe} never blocks. An utterance without a grammar (free text, or no expected
 * answer) fails with a {@link ProviderException}: this recogniser only does constrained answers.
 */
public final class Sphinx4GrammarRecognizer implements SpeechToText, AutoCloseable {
    private static final String PROVIDER = "sphinx4";
    private static final String MODEL = "resource:/edu/cmu/sphinx/models/en-us/en-us";
    private static final String DICTIONARY = "/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";
    private static final String DEFAULT_CONFIG = "/edu/cmu/sphinx/api/default.config.xml";

    /** How audio reaches the acoustic model's feature extraction. */
    public enum FrontEnd {
        /** 8 kHz doubled to 16 kHz; the model's own filter bank (130-6800 Hz, the top bands see nothing). */
        UPSAMPLED_16K,
        /** 8 kHz as it is; a 25-band mel filter bank over 130-3800 Hz (a mismatch with the model's training). */
        NATIVE_8K
    }

    /**
     * Decoder settings (the global properties of Sphinx4's default configuration, plus the front end).
     *
     * @param endpointing keep Sphinx4's own speech/silence classifier; off decodes the utterance in one piece, which
     *                    suits audio that a voice activity detector already cut
     * @param batchCmn    cepstral mean normalisation over the whole utterance, instead of the running (live) mean
     *                    that carries over from the previous utterance decoded by the same decoder (order-dependent)
     * @param dither      peak of a fixed pseudo-random noise added to the model's input: digital silence (μ-law
     *                    silence decodes to exact zeros) and the empty band above 4 kHz would otherwise give the
     *                    filter bank log(0); the fixed seed keeps decoding deterministic
     */
    public record Tuning(int absoluteBeamWidth, double relativeBeamWidth, double wordInsertionProbability,
                         double silenceInsertionProbability, double languageWeight, boolean endpointing,
                         boolean batchCmn, FrontEnd frontEnd, int dither) {
        /**
         * The best of the settings tried (docs/ai-offline-recognition.md): Sphinx4's beams and language weight,
         * word insertion probability 1e-4 (fewer inserted digits), whole-utterance decoding, batch CMN, the
         * upsampled front end and a dither of ±1024.
         */
        public static Tuning defaults() {
            return new Tuning(20000, 1e-60, 1e-4, 0.1, 8.0, false, true, FrontEnd.UPSAMPLED_16K, 1024);
        }

        public Tuning withFrontEnd(FrontEnd value) {
            return new Tuning(absoluteBeamWidth, relativeBeamWidth, wordInsertionProbability,
                    silenceInsertionProbability, languageWeight, endpointing, batchCmn, value, dither);
        }

        public Tuning withWordInsertion(double value) {
            return new Tuning(absoluteBeamWidth, relativeBeamWidth, value, silenceInsertionProbability,
                    languageWeight, endpointing, batchCmn, frontEnd, dither);
        }

        public Tuning withLanguageWeight(double value) {
            return new Tuning(absoluteBeamWidth, relativeBeamWidth, wordInsertionProbability,
                    silenceInsertionProbability, value, endpointing, batchCmn, frontEnd, dither);
        }

        public Tuning withBeams(int absolute, double relative) {
            return new Tuning(absolute, relative, wordInsertionProbability, silenceInsertionProbability,
                    languageWeight, endpointing, batchCmn, frontEnd, dither);
        }

        public Tuning withEndpointing(boolean value) {
            return new Tuning(absoluteBeamWidth, relativeBeamWidth, wordInsertionProbability,
                    silenceInsertionProbability, languageWeight, value, batchCmn, frontEnd, dither);
        }

        public Tuning withDither(int value) {
            return new Tuning(absoluteBeamWidth, relativeBeamWidth, wordInsertionProbability,
                    silenceInsertionProbability, languageWeight, endpointing, batchCmn, frontEnd, value);
        }

        public Tuning withBatchCmn(boolean value) {
            return new Tuning(absoluteBeamWidth, relativeBeamWidth, wordInsertionProbability,
                    silenceInsertionProbability, languageWeight, endpointing, value, frontEnd, dither);
        }
    }

    private static volatile Map<String, List<String>> pronunciations;

    private final Tuning tuning;
    private final Executor executor;
    private final Path workDir;
    private final Map<String, ConcurrentLinkedQueue<GrammarDecoder>> idle = new ConcurrentHashMap<>();
    private final Map<String, Integer> grammarIds = new ConcurrentHashMap<>();
    private final AtomicInteger built = new AtomicInteger();

    public Sphinx4GrammarRecognizer(Tuning tuning, Executor executor) {
        this.tuning = tuning;
        this.executor = executor;
        try {
            this.workDir = Files.createTempDirectory("sphinx4-grammars");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Logger.getLogger("edu.cmu.sphinx").setLevel(Level.WARNING);
    }

    @Override
    public String modelName() {
        return "sphinx4-en-us-ptm-jsgf";
    }

    @Override
    public CompletableFuture<Transcript> transcribe(Utterance utterance) {
        String grammar = SchemaGrammar.jsgf(utterance.expected());
        if (grammar == null) {
            return CompletableFuture.failedFuture(
                    new ProviderException(PROVIDER, "no grammar for this answer: only constrained answers are supported"));
        }
        return CompletableFuture.supplyAsync(() -> {
            GrammarDecoder decoder = borrow(grammar);
            try {
                return Transcript.of(decoder.decode(utterance.pcm()));
            } finally {
                idle.get(grammar).add(decoder);
            }
        }, executor);
    }

    /** Decoders built so far, over all grammars. */
    public int decodersBuilt() {
        return built.get();
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }

    private GrammarDecoder borrow(String grammar) {
        GrammarDecoder decoder = idle.computeIfAbsent(grammar, g -> new ConcurrentLinkedQueue<>()).poll();
        if (decoder != null) {
            return decoder;
        }
        try {
            // one build at a time: the grammar files are shared and Sphinx4's JSGF parsing is not known to be
            // thread-safe
            synchronized (this) {
                GrammarDecoder fresh = new GrammarDecoder(context(grammar));
                built.incrementAndGet();
                return fresh;
            }
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(PROVIDER, "cannot build the recogniser: " + e.getMessage(), e);
        }
    }

    /** Writes the grammar, its dictionary and the configuration to files and builds a Sphinx4 context from them. */
    private Context context(String grammar) throws IOException {
        int id = grammarIds.computeIfAbsent(grammar, g -> grammarIds.size());
        Path dir = workDir.resolve("g" + id);
        Files.createDirectories(dir);
        Path grammarFile = dir.resolve(SchemaGrammar.GRAMMAR_NAME + ".gram");
        Files.writeString(grammarFile, grammar);
        Path dictionary = dir.resolve("words.dict");
        Files.write(dictionary, dictionaryFor(grammar));
        Path config = dir.resolve("config.xml");
        Files.writeString(config, configXml());

        Configuration configuration = new Configuration();
        configuration.setAcousticModelPath(MODEL);
        configuration.setDictionaryPath(dictionary.toUri().toString());
        configuration.setGrammarPath(dir.toUri().toString());
        configuration.setGrammarName(SchemaGrammar.GRAMMAR_NAME);
        configuration.setUseGrammar(true);
        configuration.setSampleRate(tuning.frontEnd() == FrontEnd.NATIVE_8K ? 8000 : 16000);
        return new Context(config.toUri().toString(), configuration);
    }

    /** Sphinx4's default configuration with this tuning's values and front end. */
    private String configXml() throws IOException {
        String xml;
        try (InputStream in = Context.class.getResourceAsStream(DEFAULT_CONFIG)) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        xml = global(xml, "logLevel", "WARNING");
        xml = global(xml, "absoluteBeamWidth", Integer.toString(tuning.absoluteBeamWidth()));
        xml = global(xml, "relativeBeamWidth", Double.toString(tuning.relativeBeamWidth()));
        xml = global(xml, "wordInsertionProbability", Double.toString(tuning.wordInsertionProbability()));
        xml = global(xml, "silenceInsertionProbability", Double.toString(tuning.silenceInsertionProbability()));
        xml = global(xml, "languageWeight", Double.toString(tuning.languageWeight()));
        // no speed/memory monitors: they only log
        xml = xml.replace("<item>speedTracker</item>", "").replace("<item>memoryTracker</item>", "");
        if (!tuning.endpointing()) {
            xml = xml.replace("<item>speechClassifier </item>", "").replace("<item>speechMarker </item>", "");
        }
        if (tuning.batchCmn()) {
            xml = xml.replace("<item>liveCMN </item>", "<item>batchCMN </item>");
        }
        if (tuning.frontEnd() == FrontEnd.NATIVE_8K) {
            xml = xml.replace("<item>autoCepstrum </item>", "<item>melFilterBank8k </item><item>dct8k </item>");
            xml = xml.replace("</config>", """
                      <component name="melFilterBank8k" type="edu.cmu.sphinx.frontend.frequencywarp.MelFrequencyFilterBank2">
                        <property name="minimumFrequency" value="130"/>
                        <property name="maximumFrequency" value="3800"/>
                        <property name="numberFilters" value="25"/>
                      </component>
                      <component name="dct8k" type="edu.cmu.sphinx.frontend.transform.DiscreteCosineTransform2">
                        <property name="numberFilters" value="25"/>
                        <property name="cepstrumLength" value="13"/>
                      </component>
                    </config>
                    """);
        }
        return xml;
    }

    private static String global(String xml, String name, String value) {
        String replaced = xml.replaceFirst("<property name=\"" + name + "\"\\s+value=\"[^\"]*\"/>",
                "<property name=\"" + name + "\" value=\"" + value + "\"/>");
        if (replaced.equals(xml) && !xml.contains("name=\"" + name + "\" value=\"" + value + "\"")) {
            throw new IllegalStateException("no global property " + name + " in Sphinx4's default configuration");
        }
        return replaced;
    }

    /** The cmudict entries of the grammar's words (all pronunciation variants). */
    private static List<String> dictionaryFor(String grammar) {
        Map<String, List<String>> all = pronunciations();
        List<String> lines = new ArrayList<>();
        Set<String> missing = new TreeSet<>();
        for (String word : SchemaGrammar.words(grammar)) {
            List<String> entries = all.get(word);
            if (entries == null) {
                missing.add(word);
            } else {
                lines.addAll(entries);
            }
        }
        if (!missing.isEmpty()) {
            throw new ProviderException(PROVIDER, "words not in the pronouncing dictionary: " + missing);
        }
        return lines;
    }

    /** Whether cmudict (as shipped in sphinx4-data) has this word. */
    public static boolean inDictionary(String word) {
        return pronunciations().containsKey(word);
    }

    private static Map<String, List<String>> pronunciations() {
        Map<String, List<String>> loaded = pronunciations;
        if (loaded != null) {
            return loaded;
        }
        synchronized (Sphinx4GrammarRecognizer.class) {
            if (pronunciations == null) {
                Map<String, List<String>> map = new HashMap<>();
                try (InputStream in = Context.class.getResourceAsStream(DICTIONARY);
                     BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        int space = line.indexOf(' ');
                        if (space <= 0) {
                            continue;
                        }
                        String head = line.substring(0, space);
                        int variant = head.indexOf('(');
                        String word = variant > 0 ? head.substring(0, variant) : head;
                        map.computeIfAbsent(word, w -> new ArrayList<>(1)).add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                pronunciations = map;
            }
            return pronunciations;
        }
    }

    private static void dither(short[] samples, int peak) {
        if (peak <= 0) {
            return;
        }
        long state = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < samples.length; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            int noise = (int) ((state >>> 33) % (2 * peak + 1)) - peak;
            samples[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, samples[i] + noise));
        }
    }

    /** One allocated Sphinx4 recogniser for one grammar; serves one utterance at a time. */
    private final class GrammarDecoder extends AbstractSpeechRecognizer {
        GrammarDecoder(Context context) throws IOException {
            super(context);
            recognizer.allocate(); // once: allocating compiles the grammar into the search graph
        }

        String decode(short[] pcm8k) {
            short[] samples = tuning.frontEnd() == FrontEnd.NATIVE_8K ? pcm8k.clone() : Upsampler2x.upsample(pcm8k);
            dither(samples, tuning.dither());
            byte[] bytes = new byte[samples.length * 2];
            for (int i = 0; i < samples.length; i++) {
                bytes[2 * i] = (byte) samples[i];
                bytes[2 * i + 1] = (byte) (samples[i] >> 8);
            }
            context.setSpeechSource(new ByteArrayInputStream(bytes));
            StringBuilder text = new StringBuilder();
            SpeechResult result;
            while ((result = getResult()) != null) {
                String hypothesis = result.getHypothesis();
                if (hypothesis != null && !hypothesis.isBlank()) {
                    text.append(text.length() == 0 ? "" : " ").append(hypothesis.strip());
                }
            }
            return text.toString();
        }
    }
}
