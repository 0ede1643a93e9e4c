package io.voicegather.server.ai.stt.sphinx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the evaluation asks and what the callers answer: one JSON Schema with a field of each kind, 25 spoken answers
 * with the value each must yield, and the espeak-ng voices that say them.
 */
final class EvaluationSet {
    static final ObjectNode SCHEMA = schema();

    /** A field kind, as the accuracy table groups them. */
    enum Kind { INTEGER, NUMBER, BOOLEAN, ENUM, DATE }

    record Answer(String field, Kind kind, String spoken, Object expected) {
    }

    record Voice(String name, int wordsPerMinute) {
        String label() {
            return name + "@" + wordsPerMinute;
        }
    }

    static final List<Voice> VOICES = List.of(new Voice("en-us", 160), new Voice("en", 150),
            new Voice("en+m3", 140), new Voice("en-us+f3", 175));

    static final List<Answer> ANSWERS = List.of(
            new Answer("age", Kind.INTEGER, "twenty nine", 29L),
            new Answer("age", Kind.INTEGER, "forty two", 42L),
            new Answer("age", Kind.INTEGER, "seventeen", 17L),
            new Answer("account", Kind.INTEGER, "four five six", 456L),
            new Answer("account", Kind.INTEGER, "one hundred and twelve", 112L),
            new Answer("account", Kind.INTEGER, "eight oh three one", 8031L),
            new Answer("account", Kind.INTEGER, "two thousand and fifty", 2050L),
            new Answer("weight", Kind.NUMBER, "three point five", new BigDecimal("3.5")),
            new Answer("weight", Kind.NUMBER, "seventy two point four", new BigDecimal("72.4")),
            new Answer("weight", Kind.NUMBER, "sixty", new BigDecimal("60")),
            new Answer("weight", Kind.NUMBER, "zero point seven five", new BigDecimal("0.75")),
            new Answer("consent", Kind.BOOLEAN, "yes", true),
            new Answer("consent", Kind.BOOLEAN, "no", false),
            new Answer("consent", Kind.BOOLEAN, "yeah", true),
            new Answer("consent", Kind.BOOLEAN, "nope", false),
            new Answer("consent", Kind.BOOLEAN, "correct", true),
            new Answer("plan", Kind.ENUM, "premium", "premium"),
            new Answer("plan", Kind.ENUM, "family plan", "family plan"),
            new Answer("plan", Kind.ENUM, "basic", "basic"),
            new Answer("plan", Kind.ENUM, "business", "business"),
            new Answer("bedrooms", Kind.ENUM, "three bedrooms", "3 bedrooms"),
            new Answer("birth_date", Kind.DATE, "the fifth of march nineteen ninety", "1990-03-05"),
            new Answer("birth_date", Kind.DATE, "july fourth nineteen seventy six", "1976-07-04"),
            new Answer("birth_date", Kind.DATE, "the twenty first of december two thousand and five", "2005-12-21"),
            new Answer("birth_date", Kind.DATE, "january thirtieth nineteen eighty two", "1982-01-30"));

    private EvaluationSet() {
    }

    private static ObjectNode schema() {
        try {
            return (ObjectNode) new ObjectMapper().readTree("""
                    {"type": "object", "properties": {
                      "age": {"type": "integer", "minimum": 0, "maximum": 130, "description": "Your age"},
                      "account": {"type": "integer", "minimum": 0, "description": "Account number"},
                      "weight": {"type": "number", "minimum": 0, "description": "Weight in kilograms"},
                      "consent": {"type": "boolean", "description": "Do you agree to the terms?"},
                      "plan": {"type": "string", "enum": ["basic", "premium", "family plan", "business"]},
                      "bedrooms": {"type": "string", "enum": ["1 bedroom", "2 bedrooms", "3 bedrooms", "4 bedrooms"]},
                      "birth_date": {"type": "string", "format": "date", "description": "Date of birth"}
                    }}""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
