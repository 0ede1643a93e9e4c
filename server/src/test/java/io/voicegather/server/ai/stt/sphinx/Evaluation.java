package io.voicegather.server.ai.stt.sphinx;

import io.voicegather.server.ai.slots.SlotFiller;
import io.voicegather.server.ai.stt.ExpectedAnswer;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;
import io.voicegather.server.ai.stt.sphinx.EvaluationSet.Answer;
import io.voicegather.server.ai.stt.sphinx.EvaluationSet.Kind;
import io.voicegather.server.ai.stt.sphinx.EvaluationSet.Voice;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs every answer in every voice through a recogniser and the slot filler, and tallies the slots filled right. */
final class Evaluation {
    record Case(Voice voice, Answer answer, short[] pcm) {
    }

    record Outcome(Case item, String heard, Optional<Object> value, boolean correct, long decodeNanos) {
    }

    record Tally(int utterances, int correct) {
        double percent() {
            return utterances == 0 ? 0 : 100.0 * correct / utterances;
        }
    }

    record Report(List<Outcome> outcomes, Map<Kind, Tally> byKind, Tally overall, double meanMillis,
                  double maxMillis, double meanAudioMillis, long warmUpMillis) {
        String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("| %-8s | %10s | %7s | %13s |%n", "Type", "Utterances", "Correct", "Slot accuracy"));
            byKind.forEach((kind, t) -> sb.append(String.format("| %-8s | %10d | %7d | %11.1f %% |%n",
                    kind.name().toLowerCase(), t.utterances(), t.correct(), t.percent())));
            sb.append(String.format("| %-8s | %10d | %7d | %11.1f %% |%n", "overall", overall.utterances(),
                    overall.correct(), overall.percent()));
            sb.append(String.format("decode time per utterance: mean %.0f ms, max %.0f ms (audio mean %.0f ms);"
                    + " building the decoders: %d ms%n", meanMillis, maxMillis, meanAudioMillis, warmUpMillis));
            return sb.toString();
        }

        String misses() {
            StringBuilder sb = new StringBuilder();
            for (Outcome o : outcomes) {
                if (!o.correct()) {
                    sb.append(String.format("  %-12s %-10s said \"%s\" heard \"%s\" -> %s%n", o.item().voice().label(),
                            o.item().answer().field(), o.item().answer().spoken(), o.heard(),
                            o.value().map(Object::toString).orElse("(nothing)")));
                }
            }
            return sb.toString();
        }
    }

    private Evaluation() {
    }

    static List<Case> cases() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (Voice voice : EvaluationSet.VOICES) {
            for (Answer answer : EvaluationSet.ANSWERS) {
                cases.add(new Case(voice, answer, TelephoneSpeech.say(voice.name(), voice.wordsPerMinute(),
                        answer.spoken())));
            }
        }
        return cases;
    }

    /**
     * Decodes every case with two callers at once (the machine's core count), each waiting for its own result, so
     * that the time measured per utterance is the decoding time. Decoders are built first, one per grammar and
     * caller, and that time is reported apart.
     */
    static Report run(Sphinx4GrammarRecognizer recognizer, List<Case> cases, int callers) throws Exception {
        SlotFiller filler = new SlotFiller();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long warmStart = System.nanoTime();
            Set<String> fields = new LinkedHashSet<>();
            cases.forEach(c -> fields.add(c.answer().field()));
            List<Future<?>> warm = new ArrayList<>();
            for (String field : fields) {
                for (int i = 0; i < callers; i++) {
                    warm.add(pool.submit(() -> recognizer.transcribe(utterance(new short[8000], field)).join()));
                }
            }
            for (Future<?> f : warm) {
                f.get();
            }
            long warmUpMillis = (System.nanoTime() - warmStart) / 1_000_000;

            List<Future<Outcome>> futures = new ArrayList<>();
            for (Case c : cases) {
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    Transcript transcript = recognizer.transcribe(utterance(c.pcm(), c.answer().field())).join();
                    long nanos = System.nanoTime() - start;
                    Optional<Object> value = filler.extract(EvaluationSet.SCHEMA, c.answer().field(), transcript.text());
                    return new Outcome(c, transcript.text(), value, value.isPresent()
                            && same(value.get(), c.answer().expected()), nanos);
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return report(outcomes, warmUpMillis);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Utterance utterance(short[] pcm, String field) {
        ObjectNode property = (ObjectNode) EvaluationSet.SCHEMA.path("properties").get(field);
        return new Utterance(pcm, "en", new ExpectedAnswer(field, property));
    }

    private static boolean same(Object value, Object expected) {
        if (value instanceof BigDecimal a && expected instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return value.equals(expected);
    }

    private static Report report(List<Outcome> outcomes, long warmUpMillis) {
        Map<Kind, Tally> byKind = new EnumMap<>(Kind.class);
        int correct = 0;
        double totalMillis = 0;
        double maxMillis = 0;
        double audioMillis = 0;
        for (Outcome o : outcomes) {
            Kind kind = o.item().answer().kind();
            Tally t = byKind.getOrDefault(kind, new Tally(0, 0));
            byKind.put(kind, new Tally(t.utterances() + 1, t.correct() + (o.correct() ? 1 : 0)));
            correct += o.correct() ? 1 : 0;
            double millis = o.decodeNanos() / 1e6;
            totalMillis += millis;
            maxMillis = Math.max(maxMillis, millis);
            audioMillis += o.item().pcm().length / 8.0;
        }
        int n = outcomes.size();
        return new Report(outcomes, byKind, new Tally(n, correct), totalMillis / n, maxMillis, audioMillis / n,
                warmUpMillis);
    }
}
