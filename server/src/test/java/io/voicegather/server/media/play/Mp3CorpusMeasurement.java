package io.voicegather.server.media.play;

import static io.voicegather.server.media.play.Signals.db;
import static io.voicegather.server.media.play.Signals.level;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Measurement over a directory of LAME-encoded tones (see docs/audio.md for how it is made). Its name is outside
 * Surefire's test patterns, so it runs only when named ({@code -Dtest=Mp3CorpusMeasurement -Dmp3.corpus=DIR}); it
 * prints one line per file and a summary, and fails if any file is not decoded to the right rate, length and tone. The suite never needs the encoder: the committed fixtures cover the same cases.
 */
class Mp3CorpusMeasurement {
    /** tone-RATE-KBPS-MODE.mp3, each one second of a -6 dBFS 1 kHz tone. */
    private static final Pattern NAME = Pattern.compile("tone-(\\d+)-(\\d+)-([msj])\\.mp3");
    private static final double SECONDS = 1.0;
    private static final double PEAK = 16400;
    /** Wide enough for an untrimmed decode: encoder delay, padding and a silent tag frame, about 140 ms at 16 kHz. */
    private static final double LENGTH_TOLERANCE = 0.15;

    @Test
    void everyCorpusFileDecodesToTheRightLengthAndTone() throws Exception {
        String dir = System.getProperty("mp3.corpus");
        assertThat(dir).as("set -Dmp3.corpus=DIR to measure a corpus (see docs/audio.md)").isNotBlank();
        AudioDecoder decoder = new AudioDecoder(600, 3_000);
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(dir))) {
            files = list.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        int decoded = 0;
        int wrong = 0;
        int failed = 0;
        int hung = 0;
        long worstLengthError = 0;
        List<String> bad = new ArrayList<>();
        for (Path file : files) {
            Matcher m = NAME.matcher(file.getFileName().toString());
            m.matches();
            int rate = Integer.parseInt(m.group(1));
            String verdict;
            long start = System.nanoTime();
            try {
                DecodedAudio audio = decoder.decode(Files.readAllBytes(file));
                short[] s = audio.samples();
                long lengthError = s.length - Math.round(rate * SECONDS);
                int edge = rate / 10;
                double toneDb = s.length > 3 * edge ? db(level(s, edge, s.length - edge, 1000, rate) / PEAK) : -99;
                boolean ok = audio.sampleRate() == rate && Math.abs(lengthError) <= LENGTH_TOLERANCE * rate
                        && Math.abs(toneDb) <= 1.0;
                verdict = String.format("%s length %+d samples, tone %+.2f dB", ok ? "decoded" : "WRONG",
                        lengthError, toneDb);
                if (ok) {
                    decoded++;
                    worstLengthError = Math.max(worstLengthError, Math.abs(lengthError));
                } else {
                    wrong++;
                }
            } catch (AudioDecodeException e) {
                boolean deadline = e.getMessage().contains("did not finish");
                if (deadline) {
                    hung++;
                } else {
                    failed++;
                }
                verdict = (deadline ? "HUNG " : "FAILED ") + e.getMessage();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            String line = String.format("%-24s %5d ms  %s", file.getFileName(), millis, verdict);
            System.out.println("mp3-corpus: " + line);
            if (!verdict.startsWith("decoded")) {
                bad.add(line);
            }
        }
        System.out.printf("mp3-corpus: %d files: %d decoded, %d wrong output, %d failed, %d hung;"
                + " worst length error of the decoded %d samples%n", files.size(), decoded, wrong, failed, hung,
                worstLengthError);
        assertThat(bad).isEmpty();
    }
}
