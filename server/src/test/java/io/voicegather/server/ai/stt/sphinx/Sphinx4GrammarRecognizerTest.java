package io.voicegather.server.ai.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.stt.ExpectedAnswer;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;
import io.voicegather.server.ai.stt.sphinx.Sphinx4GrammarRecognizer.Tuning;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Sphinx4GrammarRecognizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void freeTextHasNoGrammarAndFailsWithAProviderException() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Sphinx4GrammarRecognizer recognizer = new Sphinx4GrammarRecognizer(Tuning.defaults(), executor)) {
            ObjectNode name = (ObjectNode) JSON.readTree("{\"type\": \"string\"}");
            CompletableFuture<Transcript> future = recognizer.transcribe(
                    new Utterance(new short[8000], "en", new ExpectedAnswer("name", name)));
            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ProviderException.class);
            assertThatThrownBy(() -> recognizer.transcribe(new Utterance(new short[8000], "en", null))
                    .get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ProviderException.class);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void decodesAYesOverTheTelephoneOnTheExecutorAndReusesTheDecoder() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        AtomicInteger tasks = new AtomicInteger();
        Executor counting = task -> {
            tasks.incrementAndGet();
            executor.execute(task);
        };
        try (Sphinx4GrammarRecognizer recognizer = new Sphinx4GrammarRecognizer(Tuning.defaults(), counting)) {
            ObjectNode consent = (ObjectNode) JSON.readTree("{\"type\": \"boolean\"}");
            ExpectedAnswer expected = new ExpectedAnswer("consent", consent);
            short[] yes = TelephoneSpeech.say("en-us", 160, "yes");
            short[] no = TelephoneSpeech.say("en-us", 160, "no");
            assertThat(recognizer.transcribe(new Utterance(yes, "en", expected)).get(60, TimeUnit.SECONDS).text())
                    .isEqualTo("yes");
            assertThat(recognizer.transcribe(new Utterance(no, "en", expected)).get(60, TimeUnit.SECONDS).text())
                    .isEqualTo("no");
            assertThat(tasks).as("work handed to the executor").hasValue(2);
            assertThat(recognizer.decodersBuilt()).as("one decoder for the one grammar").isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
    }
}
