package io.voicegather.server.ai.slots;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a transcript into lower-case word tokens; digit groupings ("1,234") and decimals ("3.5") stay whole. */
final class Words {
    private static final Pattern THOUSANDS_COMMA = Pattern.compile("(?<=\\d),(?=\\d{3}(?!\\d))");
    private static final Pattern TOKEN = Pattern.compile("\\d+(?:\\.\\d+)?(?:st|nd|rd|th)?|\\p{L}+(?:'\\p{L}+)?");

    private Words() {
    }

    static List<String> tokens(String text) {
        String lower = THOUSANDS_COMMA.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace('\u2019', '\'');
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(lower);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Lower case, letters and digits only, single spaces: the form enum values are compared in. */
    static String normalise(String text) {
        return String.join(" ", tokens(text));
    }
}
