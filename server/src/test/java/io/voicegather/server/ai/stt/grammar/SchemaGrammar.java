package io.voicegather.server.ai.stt.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.server.ai.schema.ParametersSchema;
import io.voicegather.server.ai.stt.ExpectedAnswer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the field a question asks for into a JSGF grammar (W3C/Sun JSpeech Grammar Format 1.0) that a
 * grammar-constrained recogniser can decode against: only the phrases that can answer the question are allowed,
 * which is what makes a small acoustic model usable on telephone audio.
 *
 * <p>Every phrase the grammar accepts is one that {@code SlotFiller.extract} reads back into a value of the field's
 * type: integers as cardinals ("one hundred and twelve") or digit strings ("four five six"), numbers with "point"
 * and digits, booleans as yes/no words, enum values as their own words (lower case, numbers spelt out), dates as
 * "[the] fifth [of] march nineteen ninety" or "march fifth nineteen ninety". Words are plain lower-case English
 * words found in common pronouncing dictionaries (cmudict); a recogniser drops a word its dictionary lacks.
 *
 * <p>Pure text generation: no recogniser types. Stateless and thread-safe.
 */
public final class SchemaGrammar {
    /** The grammar name used in the header, and the public rule's name. */
    public static final String GRAMMAR_NAME = "answer";
    public static final String PUBLIC_RULE = "answer";

    static final List<String> UNITS = List.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    static final List<String> TEENS = List.of("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen");
    static final List<String> TENS = List.of("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety");
    static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");
    static final List<String> UNIT_ORDINALS = List.of("first", "second", "third", "fourth", "fifth", "sixth",
            "seventh", "eighth", "ninth");
    static final List<String> TEEN_ORDINALS = List.of("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
            "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth");
    static final List<String> YES = List.of("yes", "yeah", "yep", "yup", "correct", "right", "sure", "okay");
    static final List<String> NO = List.of("no", "nope", "nah", "incorrect", "wrong", "negative");

    private SchemaGrammar() {
    }

    /**
     * The grammar for the expected answer, or null when none can be written: a free string (no enum, no date
     * format), an object or array, or an enum whose values have no speakable words.
     */
    public static String jsgf(ExpectedAnswer expected) {
        if (expected == null || expected.fieldSchema() == null) {
            return null;
        }
        JsonNode schema = expected.fieldSchema();
        String type = ParametersSchema.typeOf(schema);
        JsonNode enumValues = schema.path("enum");
        String body;
        List<String> rules = new ArrayList<>();
        if (enumValues.isArray() && !enumValues.isEmpty()) {
            body = enumAlternatives(enumValues);
        } else {
            switch (type) {
                case "integer" -> {
                    rules.addAll(numberRules(allowsNegative(schema)));
                    body = "<integer>";
                }
                case "number" -> {
                    rules.addAll(numberRules(allowsNegative(schema)));
                    rules.add("<fraction> = point <digit>+;");
                    body = "<integer> [<fraction>] | <fraction>";
                }
                case "boolean" -> {
                    rules.add("<yes> = " + String.join(" | ", YES) + ";");
                    rules.add("<no> = " + String.join(" | ", NO) + ";");
                    body = "<yes> | <no>";
                }
                case "string" -> {
                    if (!"date".equals(schema.path("format").asText())) {
                        return null;
                    }
                    rules.addAll(dateRules());
                    body = "[the] <ordinal> [of] <month> <year> | <month> [the] (<ordinal> | <day>) <year>";
                }
                default -> {
                    return null;
                }
            }
        }
        if (body == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("#JSGF V1.0;\n\n");
        sb.append("grammar ").append(GRAMMAR_NAME).append(";\n\n");
        sb.append("public <").append(PUBLIC_RULE).append("> = ").append(body).append(";\n");
        for (String rule : rules) {
            sb.append('\n').append(rule);
        }
        return sb.append('\n').toString();
    }

    /** Every word a grammar written by {@link #jsgf} can produce (empty for null); what a dictionary must hold. */
    public static Set<String> words(String grammar) {
        Set<String> words = new LinkedHashSet<>();
        if (grammar == null) {
            return words;
        }
        for (String line : grammar.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0 || line.startsWith("#")) {
                continue;
            }
            String expansion = line.substring(eq + 1).replaceAll("<[^>]*>", " ").replaceAll("[\\[\\]()|+*;]", " ");
            for (String word : expansion.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    /**
     * Cardinals up to 999 999 ("one hundred and twelve", "two thousand twenty four"), or two or more digits in a
     * row ("four five six", "oh seven"); the slot filler reads both.
     */
    private static List<String> numberRules(boolean negative) {
        List<String> rules = new ArrayList<>();
        rules.add("<integer> = " + (negative ? "[minus] " : "") + "(<cardinal> | <digit> <digit>+);");
        rules.add("<digit> = zero | oh | " + String.join(" | ", UNITS) + ";");
        rules.add("<unit> = " + String.join(" | ", UNITS) + ";");
        rules.add("<teen> = " + String.join(" | ", TEENS) + ";");
        rules.add("<tens> = " + String.join(" | ", TENS) + ";");
        rules.add("<below100> = <unit> | <teen> | <tens> [<unit>];");
        rules.add("<below1000> = <below100> | (a | <unit>) hundred [[and] <below100>];");
        rules.add("<cardinal> = zero | <below1000> | (a | <below1000>) thousand [[and] <below1000>];");
        return rules;
    }

    /** Day ordinals 1st-31st, cardinal days after the month, month names, and years said the usual ways. */
    private static List<String> dateRules() {
        List<String> rules = new ArrayList<>();
        rules.add("<month> = " + String.join(" | ", MONTHS) + ";");
        rules.add("<ordinal> = " + String.join(" | ", UNIT_ORDINALS) + " | " + String.join(" | ", TEEN_ORDINALS)
                + " | twentieth | twenty (" + String.join(" | ", UNIT_ORDINALS) + ") | thirtieth | thirty first;");
        rules.add("<day> = " + String.join(" | ", UNITS) + " | " + String.join(" | ", TEENS)
                + " | twenty [" + String.join(" | ", UNITS) + "] | thirty [one];");
        rules.add("<unit> = " + String.join(" | ", UNITS) + ";");
        rules.add("<teen> = " + String.join(" | ", TEENS) + ";");
        rules.add("<tens> = " + String.join(" | ", TENS) + ";");
        // "nineteen ninety", "nineteen oh five", "twenty twenty four", "two thousand [and] five"
        rules.add("<year> = (eighteen | nineteen | twenty) (<tens> [<unit>] | <teen> | oh <unit> | hundred)"
                + " | two thousand [[and] (<unit> | <teen> | <tens> [<unit>])];");
        return rules;
    }

    /** One alternative per value; numbers in a value are spelt out ("2 bedrooms" is "two bedrooms"). */
    private static String enumAlternatives(JsonNode values) {
        Set<String> phrases = new LinkedHashSet<>();
        for (JsonNode value : values) {
            String phrase = value.isNumber() ? spellNumber(value.decimalValue()) : phrase(value.asText());
            if (!phrase.isEmpty()) {
                phrases.add(phrase);
            }
        }
        return phrases.isEmpty() ? null : String.join(" | ", phrases);
    }

    /** The value's words in lower case, digits spelt out, everything else dropped. */
    static String phrase(String text) {
        List<String> out = new ArrayList<>();
        String spaced = text.toLowerCase(Locale.ROOT).replaceAll("([a-z])([0-9])", "$1 $2")
                .replaceAll("([0-9])([a-z])", "$1 $2");
        for (String token : spaced.split("[^a-z0-9.']+")) {
            String t = token.replaceAll("^[.']+|[.']+$", "");
            if (t.isEmpty()) {
                continue;
            }
            if (t.matches("\\d+(\\.\\d+)?")) {
                out.add(spellNumber(new BigDecimal(t)));
            } else {
                out.add(t.replace(".", ""));
            }
        }
        return String.join(" ", out);
    }

    /** "112" is "one hundred and twelve", "3.5" is "three point five", "-4" is "minus four". */
    static String spellNumber(BigDecimal value) {
        StringBuilder sb = new StringBuilder();
        if (value.signum() < 0) {
            sb.append("minus ");
            value = value.negate();
        }
        BigDecimal whole = new BigDecimal(value.toBigInteger());
        String integer = whole.compareTo(BigDecimal.valueOf(999_999_999L)) > 0
                ? digitsSpoken(whole.toPlainString()) : cardinal(whole.longValue());
        sb.append(integer);
        BigDecimal fraction = value.subtract(whole).stripTrailingZeros();
        if (fraction.signum() != 0) {
            String digits = fraction.toPlainString();
            sb.append(" point ").append(digitsSpoken(digits.substring(digits.indexOf('.') + 1)));
        }
        return sb.toString();
    }

    private static String cardinal(long n) {
        if (n == 0) {
            return "zero";
        }
        List<String> parts = new ArrayList<>();
        if (n >= 1_000_000) {
            parts.add(cardinal(n / 1_000_000) + " million");
            n %= 1_000_000;
        }
        if (n >= 1000) {
            parts.add(cardinal(n / 1000) + " thousand");
            n %= 1000;
        }
        if (n >= 100) {
            parts.add(UNITS.get((int) (n / 100) - 1) + " hundred");
            n %= 100;
            if (n > 0) {
                parts.add("and");
            }
        }
        if (n > 0) {
            parts.add(below100((int) n));
        }
        return String.join(" ", parts);
    }

    private static String below100(int n) {
        if (n < 10) {
            return UNITS.get(n - 1);
        }
        if (n < 20) {
            return TEENS.get(n - 10);
        }
        return TENS.get(n / 10 - 2) + (n % 10 == 0 ? "" : " " + UNITS.get(n % 10 - 1));
    }

    private static String digitsSpoken(String digits) {
        List<String> out = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            out.add(c == '0' ? "zero" : UNITS.get(c - '1'));
        }
        return String.join(" ", out);
    }

    private static boolean allowsNegative(JsonNode schema) {
        JsonNode min = schema.get("minimum");
        JsonNode exclusiveMin = schema.get("exclusiveMinimum");
        return !(min != null && min.isNumber() && min.decimalValue().signum() >= 0)
                && !(exclusiveMin != null && exclusiveMin.isNumber() && exclusiveMin.decimalValue().signum() >= 0);
    }
}
