package io.voicegather.server.ai.slots;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the enum value closest to what was said: each value is compared with every run of words of about its length
 * in the answer (and with the whole answer), by normalised Levenshtein similarity, with numbers said as words also
 * tried as digits ("two bedrooms" against "2 bedrooms"). A word that belongs to one value only ("family" in
 * "family plan") also selects it, at a slightly lower score. Two values equally close is a miss.
 */
final class EnumMatcher {
    private EnumMatcher() {
    }

    /** Index of the matching value in {@code values}, if one is close enough and clearly the closest. */
    static Optional<Integer> match(List<String> values, String answer, double threshold) {
        List<String> words = Words.tokens(answer);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        List<String> asDigits = withDigits(words);
        List<String> normalised = new ArrayList<>();
        values.forEach(v -> normalised.add(Words.normalise(v)));
        int best = -1;
        double bestScore = -1;
        double secondScore = -1;
        for (int v = 0; v < values.size(); v++) {
            String value = normalised.get(v);
            double score = Math.max(score(value, words), score(value, asDigits));
            score = Math.max(score, DISTINCTIVE_WORD_WEIGHT * distinctiveWordScore(v, normalised, words));
            if (score > bestScore) {
                secondScore = bestScore;
                bestScore = score;
                best = v;
            } else if (score > secondScore) {
                secondScore = score;
            }
        }
        if (bestScore < threshold || bestScore - secondScore < 0.01) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** Weight of a match on one distinctive word, below a match of the whole value. */
    private static final double DISTINCTIVE_WORD_WEIGHT = 0.9;

    /** Best similarity between an answer word and a word (3+ letters) of this value that no other value has. */
    private static double distinctiveWordScore(int index, List<String> values, List<String> words) {
        double best = 0;
        if (!digitsOf(values.get(index)).isEmpty()) {
            return 0; // in "2 bedrooms" the number is what matters, not "bedrooms"
        }
        for (String word : values.get(index).split(" ")) {
            if (word.length() < 3 || values.get(index).equals(word)) {
                continue;
            }
            boolean shared = false;
            for (int other = 0; other < values.size(); other++) {
                shared |= other != index && List.of(values.get(other).split(" ")).contains(word);
            }
            if (!shared) {
                for (String said : words) {
                    best = Math.max(best, similarity(word, said));
                }
            }
        }
        return best;
    }

    /** The tokens with each spoken number replaced by its digits. */
    private static List<String> withDigits(List<String> words) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (SpokenNumbers.Span span : SpokenNumbers.spans(words)) {
            out.addAll(words.subList(i, span.firstToken()));
            out.add(span.integerDigits() + (span.fraction() == null ? "" : "." + span.fraction()));
            i = span.endToken();
        }
        out.addAll(words.subList(i, words.size()));
        return out;
    }

    private static double score(String value, List<String> words) {
        if (value.isEmpty()) {
            return 0;
        }
        int length = value.split(" ").length;
        double best = comparable(value, String.join(" ", words));
        for (int size = Math.max(1, length - 1); size <= length + 1; size++) {
            for (int start = 0; start + size <= words.size(); start++) {
                best = Math.max(best, comparable(value, String.join(" ", words.subList(start, start + size))));
            }
        }
        return best;
    }

    /** Similarity, but zero when the numbers differ: "3 bedrooms" is not a misspelling of "2 bedrooms". */
    private static double comparable(String value, String said) {
        return digitsOf(value).equals(digitsOf(said)) ? similarity(value, said) : 0;
    }

    private static String digitsOf(String s) {
        return s.replaceAll("[^0-9]", "");
    }

    static double similarity(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        return longer == 0 ? 1 : 1 - (double) levenshtein(a, b) / longer;
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
