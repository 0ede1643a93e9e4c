package io.voicegather.server.ai.vad;

import static org.assertj.core.api.Assertions.fail;

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
 * Speech synthesised at test time with espeak-ng and resampled to 8 kHz 16-bit by sox (peak -3 dBFS), cached under
 * target/. Both tools are required: a missing one fails the test, it never skips.
 */
public final class SpeechClips {
    private static final Path CACHE = Path.of("target", "vad-speech");

    private SpeechClips() {
    }

    public static short[] speak(String voice, String text) throws Exception {
        requireTool("espeak-ng");
        requireTool("sox");
        Path raw = CACHE.resolve(Integer.toHexString((voice + "|" + text).hashCode()) + ".raw");
        if (!Files.exists(raw)) {
            Files.createDirectories(CACHE);
            Path wav = Files.createTempFile(CACHE, "clip", ".wav");
            Path part = Files.createTempFile(CACHE, "clip", ".raw");
            run(List.of("espeak-ng", "-v", voice, "-w", wav.toString(), text));
            run(List.of("sox", wav.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", "-L",
                    "-t", "raw", part.toString(), "norm", "-3"));
            Files.move(part, raw, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(wav);
        }
        byte[] bytes = Files.readAllBytes(raw);
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("%s failed: %s", command.get(0), new String(output, StandardCharsets.UTF_8));
        }
    }

    private static void requireTool(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() == 0) {
                return;
            }
        } catch (IOException | InterruptedException e) {
            // fall through to the failure below
        }
        fail("the VAD speech tests need %s on the PATH (Debian: apt-get install %s)", tool, tool);
    }
}
