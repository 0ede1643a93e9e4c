package io.voicegather.server.ai.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.server.ai.stt.sphinx.EvaluationSet.Kind;
import io.voicegather.server.ai.stt.sphinx.Sphinx4GrammarRecognizer.Tuning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures Sphinx4's slot accuracy on telephone-quality answers (see {@link EvaluationSet} and
 * {@link TelephoneSpeech}) and holds docs/ai-offline-recognition.md to it: the table there must match what is
 * measured (±3 percentage points per row), and its decision must follow the rule "the default recogniser only at
 * 90 % slot accuracy or more". espeak-ng and Sphinx4 are deterministic, so the figures do not drift between runs.
 * Opt-in (tag {@code evaluation}): {@code mvn -Pevaluation ...}; the default build leaves it out.
 */
@Tag("evaluation")
class Sphinx4EvaluationTest {
    private static final Path DOC = Path.of("..", "docs", "ai-offline-recognition.md");
    private static final double TOLERANCE_POINTS = 3.0;
    private static final double DEFAULT_THRESHOLD = 90.0;
    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*(integer|number|boolean|enum|date|overall)\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|\\s*([\\d.]+)\\s*%\\s*\\|",
            Pattern.MULTILINE);
    private static final Pattern DECISION = Pattern.compile("^Decision: \\*\\*(.+?)\\*\\*", Pattern.MULTILINE);

    @Test
    void measuredAccuracyMatchesTheDocumentAndItsDecision() throws Exception {
        List<Evaluation.Case> cases = Evaluation.cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        Evaluation.Report report;
        try (Sphinx4GrammarRecognizer recognizer = new Sphinx4GrammarRecognizer(Tuning.defaults(), executor)) {
            report = Evaluation.run(recognizer, cases, 2);
        } finally {
            executor.shutdownNow();
        }
        System.out.print(report.table());
        System.out.print(report.misses());

        String doc = Files.readString(DOC);
        Map<String, Double> documented = new HashMap<>();
        Matcher row = ROW.matcher(doc);
        while (row.find()) {
            documented.put(row.group(1), Double.parseDouble(row.group(4)));
        }
        for (Kind kind : Kind.values()) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            assertThat(documented).as("the document's row for %s", name).containsKey(name);
            assertThat(report.byKind().get(kind).percent()).as("measured %s accuracy vs the document", name)
                    .isCloseTo(documented.get(name), org.assertj.core.data.Offset.offset(TOLERANCE_POINTS));
        }
        assertThat(documented).as("the document's overall row").containsKey("overall");
        double overall = report.overall().percent();
        assertThat(overall).as("measured overall accuracy vs the document")
                .isCloseTo(documented.get("overall"), org.assertj.core.data.Offset.offset(TOLERANCE_POINTS));

        Matcher decision = DECISION.matcher(doc);
        assertThat(decision.find()).as("a line 'Decision: **...**' in the document").isTrue();
        String expected = overall >= DEFAULT_THRESHOLD ? "Sphinx4 is the default recogniser"
                : "Sphinx4 is not the default recogniser";
        assertThat(decision.group(1)).as("the decision by the %.0f %% rule", DEFAULT_THRESHOLD).isEqualTo(expected);
    }
}
