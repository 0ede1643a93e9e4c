package io.voicegather.server.ai.slots;

import java.util.List;
import java.util.Optional;

/**
 * Picks the enum value closest to what was said: each value is compared with every run of words of about its length
 * in the answer (and with the whole answer), by normalised Levenshtein similarity. Two values equally close is a miss.
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
        int best = -1;
        double bestScore = -1;
        double secondScore = -1;
        for (int v = 0; v < values.size(); v++) {
            double score = score(Words.normalise(values.get(v)), words);
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

    private static double score(String value, List<String> words) {
        if (value.isEmpty()) {
            return 0;
        }
        int length = value.split(" ").length;
        double best = similarity(value, String.join(" ", words));
        for (int size = Math.max(1, length - 1); size <= length + 1; size++) {
            for (int start = 0; start + size <= words.size(); start++) {
                best = Math.max(best, similarity(value, String.join(" ", words.subList(start, start + size))));
            }
        }
        return best;
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
