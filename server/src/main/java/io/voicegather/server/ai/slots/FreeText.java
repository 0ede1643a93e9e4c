package io.voicegather.server.ai.slots;

import java.util.Optional;
import java.util.regex.Pattern;

/** A free answer: the words said, minus hesitations, lead-ins ("my name is", "it's") and trailing courtesies. */
final class FreeText {
    private static final Pattern FILLERS = Pattern.compile("(?i)\\b(?:u+m+|u+h+m*|e+r+m*|h+m+|a+h+)\\b[,.]?\\s*");
    private static final Pattern LEAD_IN = Pattern.compile("(?i)^(?:(?:well|so|okay|ok|yes|yeah)\\b[,.]?\\s*)*"
            + "(?:(?:my\\s+(?:\\w+\\s+){1,3}(?:is|are)|it\\s+is|it's|that\\s+is|that's|this\\s+is|i\\s+am|i'm"
            + "|the\\s+answer\\s+is|call\\s+me)\\b[,:]?\\s*)?");
    private static final Pattern TRAILER = Pattern.compile("(?i)[,\\s]*\\b(?:please|thanks|thank\\s+you)\\b[.!]?\\s*$");

    private FreeText() {
    }

    static Optional<String> parse(String text) {
        String s = FILLERS.matcher(text.strip()).replaceAll("").strip();
        s = LEAD_IN.matcher(s).replaceFirst("");
        s = TRAILER.matcher(s).replaceFirst("");
        s = s.replaceAll("^[\\s,.;:!?-]+|[\\s,.;:!?-]+$", "").replaceAll("\\s+", " ");
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
