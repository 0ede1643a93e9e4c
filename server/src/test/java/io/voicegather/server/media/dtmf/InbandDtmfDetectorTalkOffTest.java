package io.voicegather.server.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.voicegather.server.media.codec.Codec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Talk-off: the detector must not hear keys in speech. The corpus is synthesised at test time with espeak-ng (several
 * voices, languages, speeds and pitches; numbers spoken aloud and ordinary sentences), resampled to 8 kHz by sox's
 * band-limited rate converter, peak-normalised to -3 dBFS, then passed through G.711 μ-law and A-law. It is cached
 * under target/ so reruns only read it. Both tools are required: the test fails, never skips, when one is missing.
 */
class InbandDtmfDetectorTalkOffTest {
    private static final Path CACHE = Path.of("target", "dtmf-talkoff");
    /**
     * spandsp's talk-off test accepts up to 470 false keys over the Mitel and Bellcore speech tapes (about three hours
     * of speech): about 2.6 a minute. The bound here is that rate scaled to the corpus length.
     */
    private static final double SPANDSP_FALSE_KEYS_PER_MINUTE = 470.0 / 180.0;

    private static final String[] NUMBERS = {
        "0 1 2 3 4 5 6 7 8 9",
        "9 8 7 6 5 4 3 2 1 0",
        "12 34 56 78 90 11 22 33 44 55 66 77 88 99",
        "100 250 999 1234 5678 90210 31337 2024 1969 40000",
        "5551234 8005550199 4155552671 2125550000",
        "3.14159 2.71828 1.41421 0.5772 6.022",
        "71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89",
    };
    private static final String[][] SENTENCES = {
        {"en", "Thank you for calling. Please listen carefully, as our menu options have changed. "
                + "Your call is important to us and will be answered in the order it was received. "
                + "The quick brown fox jumps over the lazy dog, and she sells sea shells by the sea shore."},
        {"en-us", "Hello, this is Kate from the billing department. I am calling about your recent order. "
                + "Could you please confirm your account number and the last four digits of your card? "
                + "Wow, whee, yes, see, tea, eee, meow, wheel, squeal, sweet, seventeen."},
        {"de", "Guten Tag, Sie sind verbunden mit dem Kundendienst. Bitte nennen Sie Ihre Kundennummer. "
                + "Wir sind montags bis freitags von acht bis achtzehn Uhr für Sie da. Vielen Dank und auf Wiederhören."},
        {"fr", "Bonjour et bienvenue. Votre appel est important pour nous. Veuillez patienter quelques instants, "
                + "un conseiller va prendre votre appel. Merci de votre compréhension et à bientôt."},
        {"es", "Buenos días, gracias por llamar. Por favor, diga su número de cliente después del tono. "
                + "Nuestro horario de atención es de lunes a viernes, de nueve a seis. Muchas gracias."},
    };
    /** voice (language + espeak variant), words per minute, pitch 0-99. Female and high-pitched voices included. */
    private static final String[][] VOICES = {
        {"en", "160", "50"}, {"en+f3", "175", "70"}, {"en-us", "150", "40"}, {"en-us+f2", "190", "85"},
        {"en-us+f4", "140", "99"}, {"de", "160", "50"}, {"de+f3", "170", "80"}, {"fr", "165", "45"},
        {"fr+f2", "180", "75"}, {"es", "170", "55"}, {"es+f4", "150", "90"}, {"en+m3", "130", "20"},
    };

    @Test
    void speechCorpusYieldsFewFalseKeys() throws Exception {
        short[] corpus = corpus();
        double minutes = corpus.length / 8000.0 / 60;
        assertThat(minutes).as("corpus length in minutes").isGreaterThanOrEqualTo(5);
        int bound = (int) Math.ceil(minutes * SPANDSP_FALSE_KEYS_PER_MINUTE);
        System.out.printf("%n=== Talk-off: %.1f minutes of espeak-ng speech (%d clips), %d voices ===%n",
                minutes, VOICES.length * (NUMBERS.length + 1), VOICES.length);
        double sum = 0;
        for (short sample : corpus) {
            sum += (double) sample * sample;
        }
        System.out.printf("speech level: %.1f dBm0 (mean power over the whole corpus, pauses included)%n",
                DtmfLevels.powerToDbm0(sum / corpus.length));
        System.out.println("law      false keys  per key (only those hit)                 bound");
        for (Codec law : Codec.values()) {
            short[] pcm = DtmfTestSignal.g711(law, corpus);
            int[] perKey = new int[16];
            InbandDtmfDetector detector = new InbandDtmfDetector(d -> perKey[DtmfTestSignal.KEYS.indexOf(d)]++);
            for (int at = 0; at < pcm.length; at += DtmfTestSignal.FRAME) {
                detector.process(pcm, at, Math.min(DtmfTestSignal.FRAME, pcm.length - at));
            }
            int total = 0;
            StringBuilder detail = new StringBuilder();
            for (int k = 0; k < 16; k++) {
                total += perKey[k];
                if (perKey[k] > 0) {
                    detail.append(DtmfTestSignal.KEYS.charAt(k)).append('=').append(perKey[k]).append(' ');
                }
            }
            System.out.printf("%-7s  %5d       %-40s %d%n", law == Codec.PCMU ? "mu-law" : "A-law", total, detail, bound);
            assertThat(total).as("false keys in %.1f minutes of speech through %s", minutes, law).isLessThanOrEqualTo(bound);
        }
    }

    private static short[] corpus;

    /** The corpus as 8 kHz 16-bit linear samples, generated once and cached. */
    private static synchronized short[] corpus() throws Exception {
        if (corpus == null) {
            corpus = loadCorpus();
        }
        return corpus;
    }

    private static short[] loadCorpus() throws Exception {
        String spec = String.join("|", NUMBERS) + String.join("|", flatten(SENTENCES)) + String.join("|", flatten(VOICES));
        Path cached = CACHE.resolve("corpus-" + Integer.toHexString(spec.hashCode()) + ".raw");
        // Checked even when the corpus is cached, so a machine without the tools fails here and not only on a clean
        // checkout.
        requireTool("espeak-ng", "--version");
        requireTool("sox", "--version");
        if (!Files.exists(cached)) {
            Files.createDirectories(CACHE);
            Path building = Files.createTempFile(CACHE, "corpus", ".part");
            Path clip = CACHE.resolve("clip.raw");
            try (var out = Files.newOutputStream(building)) {
                for (String[] voice : VOICES) {
                    String language = voice[0].split("\\+")[0];
                    List<String> texts = new ArrayList<>(List.of(NUMBERS));
                    for (String[] sentence : SENTENCES) {
                        if (sentence[0].equals(language)) {
                            texts.add(sentence[1]);
                        }
                    }
                    for (String text : texts) {
                        synthesise(voice, text, clip);
                        out.write(Files.readAllBytes(clip));
                    }
                }
            }
            Files.move(building, cached, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(clip);
            Files.deleteIfExists(clip.resolveSibling("clip.wav"));
        }
        byte[] bytes = Files.readAllBytes(cached);
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /**
     * Talk-down (reported, not a Q.24 criterion): keys at -10 dBm0 per tone, 50 ms, one a second, added on top of the
     * speech, so most land while someone talks. Asserts only that speech does not turn keys into wrong keys.
     */
    @Test
    void keysOverSpeechAreHeardOrMissedButNeverMistaken() throws Exception {
        short[] speech = corpus();
        double[] mixed = new double[speech.length];
        StringBuilder sent = new StringBuilder();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < speech.length; i++) {
            mixed[i] = speech[i];
        }
        double amplitude = DtmfLevels.sineAmplitude(-10);
        for (int start = 4000; start + 400 < speech.length; start += 8000) {
            char key = DtmfTestSignal.KEYS.charAt(random.nextInt(16));
            sent.append(key);
            double row = DtmfTestSignal.rowHz(key);
            double column = DtmfTestSignal.columnHz(key);
            for (int n = 0; n < 400; n++) {
                mixed[start + n] += amplitude * (Math.sin(2 * Math.PI * row * n / 8000)
                        + Math.sin(2 * Math.PI * column * n / 8000));
            }
        }
        short[] linear = new short[mixed.length];
        for (int i = 0; i < mixed.length; i++) {
            linear[i] = (short) Math.max(-32768, Math.min(32767, Math.round(mixed[i])));
        }
        System.out.printf("%n=== Talk-down: %d keys (-10 dBm0 per tone, 50 ms) added over the speech corpus ===%n",
                sent.length());
        System.out.println("law      keys heard   wrong keys");
        for (Codec law : Codec.values()) {
            String got = DtmfTestSignal.detect(DtmfTestSignal.g711(law, linear));
            int heard = 0;
            int wrong = 0;
            int at = 0;
            for (int i = 0; i < got.length(); i++) {
                int found = sent.indexOf(String.valueOf(got.charAt(i)), at);
                if (found >= 0) {
                    heard++;
                    at = found + 1;
                } else {
                    wrong++;
                }
            }
            System.out.printf("%-7s  %4d/%d     %d%n", law == Codec.PCMU ? "mu-law" : "A-law", heard, sent.length(),
                    wrong);
            assertThat(wrong).as("keys over speech reported as a key not sent").isZero();
        }
    }

    private static void synthesise(String[] voice, String text, Path out) throws Exception {
        Path wav = out.resolveSibling("clip.wav");
        run(List.of("espeak-ng", "-v", voice[0], "-s", voice[1], "-p", voice[2], "-w", wav.toString(), text));
        run(List.of("sox", wav.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer",
                "-L", "-t", "raw", out.toString(), "norm", "-3"));
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("%s failed: %s", command.get(0), new String(output, StandardCharsets.UTF_8));
        }
    }

    private static void requireTool(String tool, String versionFlag) {
        try {
            Process process = new ProcessBuilder(tool, versionFlag).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() == 0) {
                return;
            }
        } catch (IOException | InterruptedException e) {
            // fall through to the failure below
        }
        fail("the talk-off test needs %s on the PATH to build its speech corpus (Debian: apt-get install %s)",
                tool, tool);
    }

    private static List<String> flatten(String[][] rows) {
        List<String> all = new ArrayList<>();
        for (String[] row : rows) {
            all.add(String.join(",", row));
        }
        return all;
    }
}
