package io.voicegather.server.ai.slots;

import io.voicegather.server.ai.slots.SpokenNumbers.Group;
import io.voicegather.server.ai.slots.SpokenNumbers.Span;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates with a month name ("the fifth of March nineteen ninety", "March 5th, 1990", "5 March 1990",
 * "March twenty five twenty twenty four") or all digits ("1990-03-05", "05/03/1990", "5.3.90").
 */
final class SpokenDates {
    private static final Pattern ISO = Pattern.compile("\\b(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})\\b");
    private static final Pattern YEAR_LAST = Pattern.compile("\\b(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{2}|\\d{4})\\b");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("january", 1), Map.entry("jan", 1), Map.entry("february", 2), Map.entry("feb", 2),
            Map.entry("march", 3), Map.entry("mar", 3), Map.entry("april", 4), Map.entry("apr", 4),
            Map.entry("may", 5), Map.entry("june", 6), Map.entry("jun", 6), Map.entry("july", 7),
            Map.entry("jul", 7), Map.entry("august", 8), Map.entry("aug", 8), Map.entry("september", 9),
            Map.entry("sept", 9), Map.entry("sep", 9), Map.entry("october", 10), Map.entry("oct", 10),
            Map.entry("november", 11), Map.entry("nov", 11), Map.entry("december", 12), Map.entry("dec", 12));
    private static final Set<String> JOINERS = Set.of("the", "of", "in", "year");

    private SpokenDates() {
    }

    static Optional<LocalDate> parse(String text, SlotFillerSettings settings) {
        Matcher iso = ISO.matcher(text);
        if (iso.find()) {
            return date(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                    Integer.parseInt(iso.group(3)));
        }
        Matcher digits = YEAR_LAST.matcher(text);
        if (digits.find()) {
            int a = Integer.parseInt(digits.group(1));
            int b = Integer.parseInt(digits.group(2));
            int year = fullYear(digits.group(3), settings);
            boolean dayFirst = settings.dateOrder() == DateOrder.DAY_FIRST;
            Optional<LocalDate> preferred = dayFirst ? date(year, b, a) : date(year, a, b);
            return preferred.isPresent() ? preferred : dayFirst ? date(year, a, b) : date(year, b, a);
        }
        return spoken(Words.tokens(text), settings);
    }

    private static Optional<LocalDate> spoken(List<String> tokens, SlotFillerSettings settings) {
        for (int m = 0; m < tokens.size(); m++) {
            Integer month = MONTHS.get(tokens.get(m));
            if (month == null) {
                continue;
            }
            Integer day = dayBefore(tokens, m);
            int after = skipJoiners(tokens, m + 1);
            Span span = after < tokens.size() ? SpokenNumbers.spanAt(tokens, after) : null;
            String yearDigits = null;
            if (span != null && span.fraction() == null && !span.negative()) {
                List<Group> groups = span.groups();
                int yearFrom = 0;
                if (day == null && isDay(groups.get(0)) && (groups.size() > 1 || groups.get(0).ordinal())) {
                    day = (int) groups.get(0).value();
                    yearFrom = 1;
                }
                if (yearFrom < groups.size()) {
                    yearDigits = concat(groups.subList(yearFrom, groups.size()));
                } else {
                    int next = skipJoiners(tokens, span.endToken());
                    Span yearSpan = next < tokens.size() ? SpokenNumbers.spanAt(tokens, next) : null;
                    if (yearSpan != null && yearSpan.fraction() == null) {
                        yearDigits = yearSpan.integerDigits();
                    }
                }
            }
            if (day == null || yearDigits == null || (yearDigits.length() != 2 && yearDigits.length() != 4)) {
                continue;
            }
            Optional<LocalDate> date = date(fullYear(yearDigits, settings), month, day);
            if (date.isPresent()) {
                return date;
            }
        }
        return Optional.empty();
    }

    /** "the fifth of March", "5 March": the last group of the number ending just before the month. */
    private static Integer dayBefore(List<String> tokens, int month) {
        int end = month;
        while (end > 0 && JOINERS.contains(tokens.get(end - 1))) {
            end--;
        }
        for (int start = Math.max(0, end - 3); start < end; start++) {
            Span span = SpokenNumbers.spanAt(tokens, start);
            if (span != null && span.endToken() == end && span.fraction() == null) {
                Group last = span.groups().get(span.groups().size() - 1);
                return isDay(last) ? (int) last.value() : null;
            }
        }
        return null;
    }

    private static boolean isDay(Group g) {
        return g.value() >= 1 && g.value() <= 31;
    }

    private static int skipJoiners(List<String> tokens, int at) {
        while (at < tokens.size() && JOINERS.contains(tokens.get(at))) {
            at++;
        }
        return at;
    }

    private static String concat(List<Group> groups) {
        StringBuilder sb = new StringBuilder();
        groups.forEach(g -> sb.append(g.digits()));
        return sb.toString();
    }

    private static int fullYear(String digits, SlotFillerSettings settings) {
        int year = Integer.parseInt(digits);
        if (digits.length() == 2) {
            return year <= settings.twoDigitYearPivot() ? 2000 + year : 1900 + year;
        }
        return year;
    }

    private static Optional<LocalDate> date(int year, int month, int day) {
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
