package io.voicegather.server.ai.sttclient;

import io.voicegather.server.ai.stt.VoskTranscriber;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What can be proven without a real Vosk model (none ships with any package we can use): every kind of wrong folder
 * is refused with a message that says what is wrong, and the native library loads and runs on this machine (it
 * reads and rejects a model whose files are garbage, without crashing the JVM).
 */
class VoskTranscriberTest {

    @Test
    void aMissingFolderIsRefusedByName(@TempDir Path dir) {
        Path missing = dir.resolve("vosk-model-small-en-us-0.15");
        assertThatThrownBy(() -> VoskTranscriber.open(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--vosk-model " + missing + ": no such folder");
    }

    @Test
    void aZipFileIsRefusedWithAHintToUnpackIt(@TempDir Path dir) throws IOException {
        Path zip = Files.writeString(dir.resolve("vosk-model-small-en-us-0.15.zip"), "PK");
        assertThatThrownBy(() -> VoskTranscriber.open(zip))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a folder").hasMessageContaining("unpack the zip");
    }

    @Test
    void aFolderWithoutModelFilesIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("README"), "hello");
        assertThatThrownBy(() -> VoskTranscriber.open(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Vosk model folder, it has no am/final.mdl and conf/model.conf")
                .hasMessageContaining("download a model");
    }

    @Test
    void theParentOfAModelFolderPointsAtTheModel(@TempDir Path dir) throws IOException {
        Path model = fakeModelLayout(dir.resolve("vosk-model-small-en-us-0.15"));
        assertThatThrownBy(() -> VoskTranscriber.open(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the model seems to be in " + model);
    }

    @Test
    void theNativeLibraryLoadsHereAndRejectsAGarbageModelCleanly(@TempDir Path dir) throws IOException {
        LibVosk.setLogLevel(LogLevel.WARNINGS);                     // throws UnsatisfiedLinkError if it cannot load
        assertThatThrownBy(() -> new Model(dir.toString())).isInstanceOf(IOException.class);

        Path model = fakeModelLayout(dir.resolve("broken-model"));
        assertThatThrownBy(() -> VoskTranscriber.open(model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--vosk-model " + model)
                .hasMessageContaining("Vosk could not load this model");
    }

    @Test
    void badPoolSizesAreRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> VoskTranscriber.open(dir, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The layout Vosk looks for, with a final.mdl of garbage bytes. */
    private static Path fakeModelLayout(Path model) throws IOException {
        Files.createDirectories(model.resolve("am"));
        Files.createDirectories(model.resolve("conf"));
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(model.resolve("am").resolve("final.mdl"), garbage);
        Files.writeString(model.resolve("conf").resolve("model.conf"), "--min-active=200\n");
        Files.writeString(model.resolve("conf").resolve("mfcc.conf"), "--sample-frequency=16000\n");
        return model;
    }
}
