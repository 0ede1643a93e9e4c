package io.voicegather.server.ai.slots;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Yes or no in an answer; an answer with both, or "not sure", is neither. */
final class YesNo {
    private static final Set<String> YES = Set.of("yes", "yeah", "yea", "yep", "yup", "ya", "correct", "sure",
            "right", "affirmative", "absolutely", "definitely", "certainly", "ok", "okay", "true", "indeed", "course",
            "aye");
    private static final Set<String> NO = Set.of("no", "nope", "nah", "negative", "incorrect", "wrong", "false",
            "never", "nay");
    private static final Set<String> NEGATORS = Set.of("not", "don't", "isn't", "wasn't", "didn't", "doesn't",
            "aren't", "no");
    private static final Set<String> UNSURE = Set.of("sure", "certain", "know");

    private YesNo() {
    }

    static Optional<Boolean> parse(String text) {
        List<String> tokens = Words.tokens(text);
        int yes = 0;
        int no = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if ((t.equals("not") || t.equals("don't")) && UNSURE.contains(next)) {
                return Optional.empty(); // "not sure", "I don't know"
            }
            if (t.equals("why") && next.equals("not")) {
                yes++; // "sure, why not"
                i++;
            } else if (NEGATORS.contains(t) && YES.contains(next)) {
                no++; // "not correct", "no, that's not right" counts once more as no
                i++;
            } else if (YES.contains(t)) {
                yes++;
            } else if (NO.contains(t) || t.equals("don't") || t.equals("not")) {
                no++;
            }
        }
        if (yes > 0 && no == 0) {
            return Optional.of(true);
        }
        if (no > 0 && yes == 0) {
            return Optional.of(false);
        }
        return Optional.empty();
    }
}
