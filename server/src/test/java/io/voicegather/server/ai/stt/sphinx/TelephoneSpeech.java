package io.voicegather.server.ai.stt.sphinx;

import static org.assertj.core.api.Assertions.fail;

import io.voicegather.server.media.codec.G711;
import io.voicegather.server.media.play.Resampler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A caller's answer as the server would hear it: espeak-ng speech, resampled to 8 kHz by the project's resampler,
 * peak-normalised to -6 dBFS, through G.711 μ-law and back, with 300 ms of silence either side. espeak-ng's output is
 * cached under target/ (it is deterministic); a missing espeak-ng fails the test, it never skips.
 */
final class TelephoneSpeech {
    static final int PADDING_SAMPLES = 2400;
    private static final Path CACHE = Path.of("target", "sphinx-eval-speech");

    private TelephoneSpeech() {
    }

    /** @param voice an espeak-ng voice ("en-us", "en+m3"); @param wordsPerMinute espeak-ng's -s */
    static short[] say(String voice, int wordsPerMinute, String text) throws Exception {
        short[] speech = Resampler.to8k(espeak(voice, wordsPerMinute, text), 22050);
        int peak = 1;
        for (short s : speech) {
            peak = Math.max(peak, Math.abs(s));
        }
        double gain = 0.5 * Short.MAX_VALUE / peak;
        short[] out = new short[speech.length + 2 * PADDING_SAMPLES];
        for (int i = 0; i < speech.length; i++) {
            short scaled = (short) Math.round(speech[i] * gain);
            out[PADDING_SAMPLES + i] = G711.ulawToLinear(G711.linearToUlaw(scaled));
        }
        return out;
    }

    /** 22 050 Hz mono 16-bit samples. */
    private static short[] espeak(String voice, int wordsPerMinute, String text) throws Exception {
        String key = voice + "|" + wordsPerMinute + "|" + text;
        Path raw = CACHE.resolve(Integer.toHexString(key.hashCode()) + "-" + key.length() + ".pcm");
        if (!Files.exists(raw)) {
            Files.createDirectories(CACHE);
            Path wav = Files.createTempFile(CACHE, "speech", ".wav");
            run(List.of("espeak-ng", "-v", voice, "-s", Integer.toString(wordsPerMinute), "-w", wav.toString(), text));
            Path part = Files.createTempFile(CACHE, "speech", ".part");
            Files.write(part, wavData(Files.readAllBytes(wav)));
            Files.move(part, raw, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(wav);
        }
        byte[] bytes = Files.readAllBytes(raw);
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /** The "data" chunk of a 22 050 Hz 16-bit mono WAV file. */
    private static byte[] wavData(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(8) != 0x45564157 || b.getInt(24) != 22050 || b.getShort(22) != 1 || b.getShort(34) != 16) {
            fail("espeak-ng did not write 22050 Hz 16-bit mono WAV");
        }
        int at = 12;
        while (at + 8 <= wav.length) {
            int id = b.getInt(at);
            int size = b.getInt(at + 4);
            if (id == 0x61746164) { // "data"
                int length = Math.min(size < 0 ? Integer.MAX_VALUE : size, wav.length - at - 8);
                byte[] data = new byte[length & ~1];
                System.arraycopy(wav, at + 8, data, 0, data.length);
                return data;
            }
            at += 8 + size + (size & 1);
        }
        return fail("no data chunk in espeak-ng's WAV");
    }

    private static void run(List<String> command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("this evaluation needs %s on the PATH (Debian: apt-get install espeak-ng)", command.get(0));
            return;
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("%s failed: %s", command.get(0), new String(output, StandardCharsets.UTF_8));
        }
    }
}
