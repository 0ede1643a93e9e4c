package io.voicegather.server.ai.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven: many phrasings per type, and misses (empty, so the caller asks again). */
class SlotFillerTest {
    static final JsonNode SCHEMA = json("""
            {"type": "object",
             "properties": {
               "name": {"type": "string", "description": "Full name"},
               "age": {"type": "integer", "description": "Age"},
               "dob": {"type": "string", "format": "date", "description": "Date of birth"},
               "height": {"type": "number", "description": "Height in metres."},
               "smoker": {"type": "boolean", "description": "Do you smoke?"},
               "plan": {"type": "string", "enum": ["basic", "premium", "family plan"], "description": "Plan"},
               "rooms": {"type": "integer", "enum": [1, 2, 3]},
               "score": {"type": ["integer", "null"], "minimum": 0, "maximum": 10},
               "postal_code": {"type": "string", "pattern": "^[0-9]{5}$"},
               "pin": {"type": "integer", "description": "PIN code"}
             },
             "required": ["name", "age", "dob"]}
            """);
    private final SlotFiller filler = new SlotFiller();

    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Object> say(String field, String transcript) {
        return filler.extract(SCHEMA, field, transcript == null ? "" : transcript);
    }

    @ParameterizedTest(name = "integer \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "twenty nine | 29", "I'm twenty-nine | 29", "29 | 29", "uh, twenty nine years old | 29",
        "one hundred and twelve | 112", "a hundred | 100", "oh | 0", "zero | 0", "double five | 55",
        "triple seven | 777", "four five six | 456", "two thousand and twenty four | 2024", "nineteen ninety | 1990",
        "one thousand two hundred thirty four | 1234", "1,234 | 1234", "five, no, six | 6", "minus three | -3",
        "seventy | 70", "twelve hundred | 1200", "one oh five | 105", "3.0 | 3", "It's 42. | 42",
        "forty two thousand | 42000", "I am thirty one years old | 31", "one million | 1000000",
        "the fifth | 5", "twenty or thirty | 30",
        // misses
        "'' | ", "I don't know | ", "three point five | ", "lots | ", "I'd rather not say | ",
    })
    void integers(String transcript, Long expected) {
        assertThat(say("age", transcript)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "number \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "three point five | 3.5", "3.5 | 3.5", "zero point two five | 0.25", "point five | 0.5",
        "seventy two | 72", "one point oh five | 1.05", "minus two point five | -2.5", "about one point eight | 1.8",
        "1.75 metres | 1.75", "one point seven five | 1.75",
        "tall | ", "'' | ",
    })
    void numbers(String transcript, BigDecimal expected) {
        assertThat(say("height", transcript)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "boolean \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "yes | true", "Yeah. | true", "yep | true", "correct | true", "sure | true", "that's right | true",
        "of course | true", "yes please | true", "absolutely | true", "sure, why not | true", "Yes I do | true",
        "no | false", "nope | false", "negative | false", "no thanks | false", "not really | false",
        "that's not correct | false", "I don't | false", "nah | false", "No, never. | false",
        "maybe | ", "I'm not sure | ", "yes no | ", "'' | ", "I don't know | ", "banana | ",
    })
    void booleans(String transcript, Boolean expected) {
        assertThat(say("smoker", transcript)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "enum \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "basic | basic", "the premium one please | premium", "primium | premium", "basics | basic",
        "Premium. | premium", "I'll take the family plan | family plan", "family plan please | family plan",
        "um the basic | basic", "family | family plan", "the famly one | family plan",
        "gold | ", "basic or premium | ", "'' | ", "something else entirely | ",
    })
    void enums(String transcript, String expected) {
        assertThat(say("plan", transcript)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "enum with numbers \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "two bedrooms | 2 bedrooms", "one bedroom please | 1 bedroom", "a studio | studio", "3 bedrooms | ",
        "bedrooms | ",
    })
    void enumValuesWithNumbersMatchSpokenNumbers(String transcript, String expected) {
        JsonNode schema = json("{\"properties\": {\"flat\": {\"type\": \"string\", "
                + "\"enum\": [\"studio\", \"1 bedroom\", \"2 bedrooms\"]}}}");
        assertThat(filler.extract(schema, "flat", transcript)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void enumValuesWithAccentsMatch() {
        JsonNode schema = json("{\"properties\": {\"drink\": {\"enum\": [\"café\", \"thé\", \"chocolat\"]}}}");
        assertThat(filler.extract(schema, "drink", "un café s'il vous plaît")).contains("café");
        assertThat(filler.extract(schema, "drink", "Thé.")).contains("thé");
    }

    @ParameterizedTest(name = "numeric enum \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {"two | 2", "two bedrooms | 2", "3 | 3", "five | ", "many | "})
    void numericEnums(String transcript, Long expected) {
        assertThat(say("rooms", transcript)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "range \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {"ten | 10", "zero | 0", "eleven | ", "minus one | "})
    void rangesFromTheSchemaAreHonoured(String transcript, Long expected) {
        assertThat(say("score", transcript)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "date \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "the fifth of March nineteen ninety | 1990-03-05", "March 5 1990 | 1990-03-05",
        "March 5th, 1990 | 1990-03-05", "5 March 1990 | 1990-03-05", "March the fifth nineteen ninety | 1990-03-05",
        "05/03/1990 | 1990-03-05", "1990-03-05 | 1990-03-05", "5.3.1990 | 1990-03-05",
        "03/25/1990 | 1990-03-25", "march twenty five twenty twenty four | 2024-03-25",
        "twenty fifth of december two thousand and one | 2001-12-25", "it was on the 1st of January 2000 | 2000-01-01",
        "December 31 99 | 1999-12-31", "fifth march ninety | 1990-03-05", "the thirtieth of june oh five | 2005-06-30",
        "um I was born on the twenty first of July nineteen eighty four | 1984-07-21",
        "Feb 29 2000 | 2000-02-29", "the second of may, nineteen seventy | 1970-05-02",
        "March fifth | ", "the thirtieth of February 2000 | ", "yesterday | ", "'' | ", "13/13/1990 | ", "the fifth of the third 1990 | ",
    })
    void dates(String transcript, String expected) {
        assertThat(say("dob", transcript)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void allDigitDatesFollowTheConfiguredOrder() {
        SlotFiller us = new SlotFiller(new SlotFillerSettings(DateOrder.MONTH_FIRST, 0.75, 29));
        assertThat(us.extract(SCHEMA, "dob", "05/03/1990")).contains("1990-05-03");
        assertThat(us.extract(SCHEMA, "dob", "25/03/1990")).contains("1990-03-25");
        assertThat(us.extract(SCHEMA, "dob", "the fifth of March 1990")).contains("1990-03-05");
        assertThat(us.extractKeypad(SCHEMA, "dob", "05031990#")).contains("1990-05-03");
    }

    @ParameterizedTest(name = "string \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "John Smith | John Smith", "my name is John Smith | John Smith", "um, it's Jane Doe. | Jane Doe",
        "uh Jane Doe please | Jane Doe", "'  Bob  ' | Bob", "My full name is Ana María López | Ana María López",
        "this is Sam, thank you | Sam", "'' | ", "um | ", "uh, er | ",
    })
    void freeStrings(String transcript, String expected) {
        assertThat(say("name", transcript)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void stringPatternsAreHonoured() {
        assertThat(say("postal_code", "12345")).contains("12345");
        assertThat(say("postal_code", "it's 12345")).contains("12345");
        assertThat(say("postal_code", "I don't remember")).isEmpty();
    }

    @ParameterizedTest(name = "keypad {0} \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
        "age | 29# | 29", "age | 29 | 29", "age | 2*9 | ", "age | # | ", "smoker | 1 | true", "smoker | 2# | false",
        "smoker | 3 | ", "plan | 2 | premium", "plan | 3# | family plan", "plan | 4 | ", "plan | 0 | ",
        "rooms | 3 | 3", "rooms | 4 | ", "height | 1*75# | 1.75", "dob | 05031990# | 1990-03-05",
        "dob | 0503199 | ", "name | 1234 | 1234", "score | 11 | ",
    })
    void keypadAnswers(String field, String digits, String expected) {
        Optional<Object> got = filler.extractKeypad(SCHEMA, field, digits);
        assertThat(got.map(String::valueOf)).isEqualTo(Optional.ofNullable(expected));
        got.ifPresent(v -> assertThat(v).isInstanceOf(switch (field) {
            case "age", "rooms", "score" -> Long.class;
            case "height" -> BigDecimal.class;
            case "smoker" -> Boolean.class;
            default -> String.class;
        }));
    }

    @Test
    void requiredFieldsAreAskedInOrder() {
        assertThat(filler.nextMissing(SCHEMA, Map.of())).contains("name");
        assertThat(filler.nextMissing(SCHEMA, Map.of("name", "Jo"))).contains("age");
        assertThat(filler.nextMissing(SCHEMA, Map.of("name", "Jo", "age", 3L))).contains("dob");
        assertThat(filler.nextMissing(SCHEMA, Map.of("name", "Jo", "age", 3L, "dob", "1990-03-05"))).isEmpty();
        JsonNode noRequired = json("{\"properties\": {\"b\": {\"type\": \"string\"}, \"a\": {\"type\": \"integer\"}}}");
        assertThat(filler.nextMissing(noRequired, Map.of())).contains("b");
        assertThat(filler.nextMissing(noRequired, Map.of("b", "x"))).contains("a");
    }

    @ParameterizedTest(name = "question for {0}")
    @CsvSource(delimiter = '|', value = {
        "age | What is your age?", "dob | What is your date of birth?", "smoker | Do you smoke?",
        "height | What is your height in metres?", "postal_code | What is your postal code?",
        "pin | What is your PIN code?", "name | What is your full name?",
    })
    void questionsComeFromDescriptions(String field, String expected) {
        assertThat(filler.question(SCHEMA, field)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" asks \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "The city you live in             | What is the city you live in?",
        "Your age                         | What is your age?",
        "A phone number to reach you on.  | What is a phone number to reach you on?",
        "Number of guests                 | How many guests?",
        "The number of people in your party | How many people in your party?",
        "Preferred contact method         | What is your preferred contact method?",
        "PIN code                         | What is your PIN code?",
        "The PIN on your card             | What is the PIN on your card?",
        "Please say your account number   | Please say your account number.",
        "are you a member                 | Are you a member?",
        "Do you smoke?                    | Do you smoke?",
        "enter your PIN.                  | Enter your PIN.",
        "Which day suits you?             | Which day suits you?",
    })
    void questionsReadNaturally(String description, String expected) {
        JsonNode schema = json("{\"properties\": {\"f\": {\"type\": \"string\", \"description\": \""
                + description + "\"}}}");
        assertThat(filler.question(schema, "f")).isEqualTo(expected);
    }

    @Test
    void withNoRecogniserTheHintsSpeakOfKeysOnly() {
        assertThat(filler.keypadHint(SCHEMA, "smoker", false)).contains("Press 1 for yes and 2 for no.");
        assertThat(filler.keypadHint(SCHEMA, "plan", false))
                .contains("Press 1 for basic, 2 for premium, or 3 for family plan.");
        assertThat(filler.keypadHint(SCHEMA, "age", false)).contains("Type it on your keypad, then press pound.");
        assertThat(filler.keypadHint(SCHEMA, "dob", false).orElseThrow()).startsWith("Type it as eight digits");
        assertThat(filler.keypadHint(SCHEMA, "smoker", true)).isEqualTo(filler.keypadHint(SCHEMA, "smoker"));
        assertThat(filler.keypadHint(SCHEMA, "name", false)).isEmpty();
    }

    @Test
    void keypadHintsForFieldsThatAcceptKeys() {
        assertThat(filler.keypadHint(SCHEMA, "smoker")).contains("Say yes or no, or press 1 for yes and 2 for no.");
        assertThat(filler.keypadHint(SCHEMA, "plan"))
                .contains("Say your choice, or press 1 for basic, 2 for premium, or 3 for family plan.");
        assertThat(filler.keypadHint(SCHEMA, "age")).isPresent();
        assertThat(filler.keypadHint(SCHEMA, "name")).isEmpty();
    }

    @Test
    void unknownFieldsAreAProgrammingError() {
        assertThatThrownBy(() -> filler.extract(SCHEMA, "nope", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> filler.question(SCHEMA, "nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} keypad-answerable: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"integer\"}                                  | true",
            "{\"type\":\"number\"}                                   | true",
            "{\"type\":\"boolean\"}                                  | true",
            "{\"type\":[\"null\",\"integer\"]}                         | true",
            "{\"type\":\"string\",\"format\":\"date\"}                 | true",
            "{\"type\":\"string\",\"enum\":[\"a\",\"b\",\"c\"]}          | true",
            "{\"type\":\"string\",\"enum\":[1,2,3,4,5,6,7,8,9,10]}     | false",
            "{\"type\":\"integer\",\"enum\":[1,2,3,4,5,6,7,8,9,10]}    | true",
            "{\"type\":\"string\"}                                   | false",
            "{}                                                    | false",
            "{\"type\":\"array\"}                                    | false",
    })
    void keypadAnswerableFields(String property, boolean answerable) throws Exception {
        assertThat(SlotFiller.keypadAnswerable(new ObjectMapper().readTree(property))).isEqualTo(answerable);
    }
}
