package io.voicegather.server.ai.slots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds numbers in word tokens, spoken or written: "twenty nine", "one hundred and twelve", "three point five",
 * "double five", "oh", "29", "3.5", "fifth", "21st".
 *
 * <p>A span is a run of number words. Inside it, words combine the usual way ("two thousand twenty four" = 2024)
 * until a word cannot follow the previous one; then a new group starts, and groups read as digits in a row:
 * "nineteen ninety" = 19|90 = 1990, "four five six" = 456, "twenty oh five" = 20|0|5 = 2005. Dates use the groups
 * separately (day, then year).
 */
final class SpokenNumbers {
    /** A number read out in one piece; {@code digits} is how it concatenates ("0" for "oh", "55" for "double five"). */
    record Group(long value, String digits, boolean ordinal, int firstToken, int endToken) {
    }

    /** A run of groups, with an optional fraction after "point" and a sign. */
    record Span(List<Group> groups, String fraction, boolean negative, int firstToken, int endToken) {
        /** Groups concatenated as digits ("nineteen ninety" is "1990"). */
        String integerDigits() {
            StringBuilder sb = new StringBuilder();
            for (Group g : groups) {
                sb.append(g.digits());
            }
            return sb.toString();
        }
    }

    private enum Kind { ZERO, UNIT, TEEN, TENS, HUNDRED, SCALE }

    private record Word(Kind kind, long value, boolean ordinal) {
    }

    private static final Map<String, Word> WORDS = Map.ofEntries(
            Map.entry("zero", new Word(Kind.ZERO, 0, false)), Map.entry("oh", new Word(Kind.ZERO, 0, false)),
            Map.entry("o", new Word(Kind.ZERO, 0, false)), Map.entry("nought", new Word(Kind.ZERO, 0, false)),
            Map.entry("nil", new Word(Kind.ZERO, 0, false)),
            Map.entry("one", new Word(Kind.UNIT, 1, false)), Map.entry("two", new Word(Kind.UNIT, 2, false)),
            Map.entry("three", new Word(Kind.UNIT, 3, false)), Map.entry("four", new Word(Kind.UNIT, 4, false)),
            Map.entry("five", new Word(Kind.UNIT, 5, false)), Map.entry("six", new Word(Kind.UNIT, 6, false)),
            Map.entry("seven", new Word(Kind.UNIT, 7, false)), Map.entry("eight", new Word(Kind.UNIT, 8, false)),
            Map.entry("nine", new Word(Kind.UNIT, 9, false)),
            Map.entry("first", new Word(Kind.UNIT, 1, true)), Map.entry("second", new Word(Kind.UNIT, 2, true)),
            Map.entry("third", new Word(Kind.UNIT, 3, true)), Map.entry("fourth", new Word(Kind.UNIT, 4, true)),
            Map.entry("fifth", new Word(Kind.UNIT, 5, true)), Map.entry("sixth", new Word(Kind.UNIT, 6, true)),
            Map.entry("seventh", new Word(Kind.UNIT, 7, true)), Map.entry("eighth", new Word(Kind.UNIT, 8, true)),
            Map.entry("ninth", new Word(Kind.UNIT, 9, true)),
            Map.entry("ten", new Word(Kind.TEEN, 10, false)), Map.entry("eleven", new Word(Kind.TEEN, 11, false)),
            Map.entry("twelve", new Word(Kind.TEEN, 12, false)), Map.entry("thirteen", new Word(Kind.TEEN, 13, false)),
            Map.entry("fourteen", new Word(Kind.TEEN, 14, false)), Map.entry("fifteen", new Word(Kind.TEEN, 15, false)),
            Map.entry("sixteen", new Word(Kind.TEEN, 16, false)), Map.entry("seventeen", new Word(Kind.TEEN, 17, false)),
            Map.entry("eighteen", new Word(Kind.TEEN, 18, false)), Map.entry("nineteen", new Word(Kind.TEEN, 19, false)),
            Map.entry("tenth", new Word(Kind.TEEN, 10, true)), Map.entry("eleventh", new Word(Kind.TEEN, 11, true)),
            Map.entry("twelfth", new Word(Kind.TEEN, 12, true)), Map.entry("thirteenth", new Word(Kind.TEEN, 13, true)),
            Map.entry("fourteenth", new Word(Kind.TEEN, 14, true)), Map.entry("fifteenth", new Word(Kind.TEEN, 15, true)),
            Map.entry("sixteenth", new Word(Kind.TEEN, 16, true)),
            Map.entry("seventeenth", new Word(Kind.TEEN, 17, true)),
            Map.entry("eighteenth", new Word(Kind.TEEN, 18, true)),
            Map.entry("nineteenth", new Word(Kind.TEEN, 19, true)),
            Map.entry("twenty", new Word(Kind.TENS, 20, false)), Map.entry("thirty", new Word(Kind.TENS, 30, false)),
            Map.entry("forty", new Word(Kind.TENS, 40, false)), Map.entry("fourty", new Word(Kind.TENS, 40, false)),
            Map.entry("fifty", new Word(Kind.TENS, 50, false)), Map.entry("sixty", new Word(Kind.TENS, 60, false)),
            Map.entry("seventy", new Word(Kind.TENS, 70, false)), Map.entry("eighty", new Word(Kind.TENS, 80, false)),
            Map.entry("ninety", new Word(Kind.TENS, 90, false)),
            Map.entry("twentieth", new Word(Kind.TENS, 20, true)), Map.entry("thirtieth", new Word(Kind.TENS, 30, true)),
            Map.entry("hundred", new Word(Kind.HUNDRED, 100, false)),
            Map.entry("thousand", new Word(Kind.SCALE, 1_000, false)),
            Map.entry("million", new Word(Kind.SCALE, 1_000_000, false)),
            Map.entry("billion", new Word(Kind.SCALE, 1_000_000_000, false)));

    private SpokenNumbers() {
    }

    static boolean isNumberWord(String token) {
        return WORDS.containsKey(token) || Character.isDigit(token.charAt(0));
    }

    /** Every span in the tokens, in order. */
    static List<Span> spans(List<String> tokens) {
        List<Span> spans = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Span span = spanAt(tokens, i);
            if (span == null) {
                i++;
            } else {
                spans.add(span);
                i = span.endToken();
            }
        }
        return spans;
    }

    /** The span starting exactly at {@code start}, or null when no number starts there. */
    static Span spanAt(List<String> tokens, int start) {
        int i = start;
        boolean negative = false;
        if (i < tokens.size() && (tokens.get(i).equals("minus") || tokens.get(i).equals("negative"))
                && i + 1 < tokens.size() && isNumberWord(tokens.get(i + 1))) {
            negative = true;
            i++;
        }
        List<Group> groups = new ArrayList<>();
        GroupBuilder current = new GroupBuilder();
        String fraction = null;
        while (i < tokens.size()) {
            String token = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if (Character.isDigit(token.charAt(0))) {
                current.close(groups, i);
                boolean ordinal = token.endsWith("st") || token.endsWith("nd") || token.endsWith("rd")
                        || token.endsWith("th");
                String digits = ordinal ? token.substring(0, token.length() - 2) : token;
                int dot = digits.indexOf('.');
                if (dot >= 0) {
                    groups.add(digitGroup(digits.substring(0, dot), false, i, i));
                    fraction = digits.substring(dot + 1);
                    i++;
                    break;
                }
                groups.add(digitGroup(digits, ordinal, i, i));
                i++;
            } else if ((token.equals("double") || token.equals("triple")) && repeatable(next)) {
                current.close(groups, i);
                String digit = Character.isDigit(next.charAt(0)) ? next : Long.toString(WORDS.get(next).value());
                groups.add(new Group(Long.parseLong(digit.repeat(token.equals("double") ? 2 : 3)),
                        digit.repeat(token.equals("double") ? 2 : 3), false, i, i + 1));
                i += 2;
            } else if (token.equals("a") && (next.equals("hundred") || next.equals("thousand") || next.equals("million"))
                    && current.accepts(Kind.UNIT, 1)) {
                current.add(Kind.UNIT, 1, false, i);
                i++;
            } else if (token.equals("and") && current.open() && (current.last == Kind.HUNDRED || current.last == Kind.SCALE)
                    && WORDS.containsKey(next) && WORDS.get(next).kind() != Kind.SCALE) {
                i++;
            } else if ((token.equals("point") || token.equals("dot")) && isNumberWord(next) && !next.contains(".")) {
                current.close(groups, i);
                Span after = spanAt(tokens, i + 1);
                if (after == null || after.fraction() != null || after.negative()) {
                    break;
                }
                fraction = after.integerDigits();
                if (groups.isEmpty()) {
                    groups.add(new Group(0, "0", false, i, i));
                }
                i = after.endToken();
                break;
            } else if (WORDS.containsKey(token)) {
                Word word = WORDS.get(token);
                if (!current.accepts(word.kind(), word.value())) {
                    current.close(groups, i);
                }
                current.add(word.kind(), word.value(), word.ordinal(), i);
                if (word.ordinal() || word.kind() == Kind.ZERO) {
                    current.close(groups, i + 1);
                }
                i++;
            } else {
                break;
            }
        }
        current.close(groups, i);
        if (groups.isEmpty()) {
            return null;
        }
        return new Span(List.copyOf(groups), fraction, negative, start, i);
    }

    private static boolean repeatable(String next) {
        if (next.isEmpty()) {
            return false;
        }
        if (Character.isDigit(next.charAt(0))) {
            return next.length() == 1;
        }
        Word w = WORDS.get(next);
        return w != null && !w.ordinal() && (w.kind() == Kind.UNIT || w.kind() == Kind.ZERO);
    }

    private static Group digitGroup(String digits, boolean ordinal, int first, int last) {
        long value = digits.length() > 18 ? -1 : Long.parseLong(digits);
        return new Group(value, digits, ordinal, first, last + 1);
    }

    /** Accumulates one compositional number ("two thousand and twenty four"). */
    private static final class GroupBuilder {
        Kind last;
        long total;
        long small;
        long lastScale;
        boolean ordinal;
        int first = -1;

        boolean open() {
            return last != null;
        }

        boolean accepts(Kind kind, long value) {
            if (last == null) {
                return true;
            }
            return switch (kind) {
                case ZERO -> false;
                case UNIT -> last == Kind.HUNDRED || last == Kind.SCALE || last == Kind.TENS;
                case TEEN, TENS -> last == Kind.HUNDRED || last == Kind.SCALE;
                case HUNDRED -> (last == Kind.UNIT || last == Kind.TEEN || last == Kind.TENS) && small < 100;
                case SCALE -> lastScale == 0 || value < lastScale;
            };
        }

        void add(Kind kind, long value, boolean isOrdinal, int token) {
            if (first < 0) {
                first = token;
            }
            switch (kind) {
                case ZERO, UNIT, TEEN, TENS -> small += value;
                case HUNDRED -> small = Math.max(small, 1) * 100;
                case SCALE -> {
                    total += Math.max(small, 1) * value;
                    small = 0;
                    lastScale = value;
                }
            }
            last = kind;
            ordinal |= isOrdinal;
        }

        void close(List<Group> groups, int endToken) {
            if (last != null) {
                long value = total + small;
                groups.add(new Group(value, Long.toString(value), ordinal, first, endToken));
            }
            last = null;
            total = 0;
            small = 0;
            lastScale = 0;
            ordinal = false;
            first = -1;
        }
    }
}
