package io.voicegather.server.ai.stt.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.ai.stt.ExpectedAnswer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaGrammarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** cmudict as shipped in the sphinx4-data jar (test scope). */
    private static final Set<String> CMUDICT = cmudict();
    private static final Pattern RULE_DEFINITION = Pattern.compile("^(?:public )?<([a-z0-9_]+)> = (.+);$");
    private static final Pattern RULE_REFERENCE = Pattern.compile("<([a-z0-9_]+)>");

    private static ExpectedAnswer answer(String schema) throws Exception {
        return new ExpectedAnswer("field", (ObjectNode) JSON.readTree(schema));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\": \"integer\"}",
        "{\"type\": \"integer\", \"minimum\": 0}",
        "{\"type\": [\"number\", \"null\"]}",
        "{\"type\": \"boolean\"}",
        "{\"type\": \"string\", \"format\": \"date\"}",
        "{\"type\": \"string\", \"enum\": [\"basic\", \"premium\", \"Family Plan\", \"2 bedrooms\"]}",
        "{\"type\": \"integer\", \"enum\": [1, 12, 112]}"
    })
    void everyGrammarIsWellFormedJsgfOverDictionaryWords(String schema) throws Exception {
        String grammar = SchemaGrammar.jsgf(answer(schema));
        assertThat(grammar).startsWith("#JSGF V1.0;\n\ngrammar answer;\n\npublic <answer> = ");
        Set<String> defined = new HashSet<>();
        Set<String> referenced = new HashSet<>();
        for (String line : grammar.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("grammar ")) {
                continue;
            }
            Matcher m = RULE_DEFINITION.matcher(line);
            assertThat(m.matches()).as("rule line: %s", line).isTrue();
            assertThat(defined.add(m.group(1))).as("rule <%s> defined once", m.group(1)).isTrue();
            assertThat(balanced(m.group(2))).as("brackets balance in %s", line).isTrue();
            Matcher ref = RULE_REFERENCE.matcher(m.group(2));
            while (ref.find()) {
                referenced.add(ref.group(1));
            }
        }
        assertThat(defined).contains("answer").containsAll(referenced);
        Set<String> words = SchemaGrammar.words(grammar);
        assertThat(words).isNotEmpty().allSatisfy(w -> assertThat(w).matches("[a-z']+"));
        assertThat(CMUDICT).as("cmudict has every word").containsAll(words);
    }

    @Test
    void numbersCoverDigitsCardinalsAndThePoint() throws Exception {
        Set<String> integer = SchemaGrammar.words(SchemaGrammar.jsgf(answer("{\"type\": \"integer\"}")));
        assertThat(integer).contains("zero", "oh", "nine", "thirteen", "ninety", "hundred", "thousand", "and",
                "minus").doesNotContain("point");
        Set<String> positive = SchemaGrammar.words(SchemaGrammar.jsgf(answer("{\"type\": \"integer\", \"minimum\": 1}")));
        assertThat(positive).doesNotContain("minus");
        assertThat(SchemaGrammar.jsgf(answer("{\"type\": \"number\"}"))).contains("<fraction> = point <digit>+;");
    }

    @Test
    void yesNoDatesAndEnums() throws Exception {
        assertThat(SchemaGrammar.words(SchemaGrammar.jsgf(answer("{\"type\": \"boolean\"}"))))
                .contains("yes", "yeah", "yep", "correct", "no", "nope");
        assertThat(SchemaGrammar.words(SchemaGrammar.jsgf(answer("{\"type\": \"string\", \"format\": \"date\"}"))))
                .contains("january", "december", "first", "fifth", "twentieth", "thirtieth", "nineteen", "ninety",
                        "thousand", "the", "of");
        String plans = SchemaGrammar.jsgf(answer(
                "{\"type\": \"string\", \"enum\": [\"Basic\", \"family-plan\", \"2 bedrooms\", \"basic\"]}"));
        assertThat(plans).contains("public <answer> = basic | family plan | two bedrooms;");
        assertThat(SchemaGrammar.jsgf(answer("{\"type\": \"number\", \"enum\": [112, 3.5, -4]}")))
                .contains("public <answer> = one hundred and twelve | three point five | minus four;");
    }

    @Test
    void noGrammarForFreeTextOrStructures() throws Exception {
        assertThat(SchemaGrammar.jsgf(answer("{\"type\": \"string\"}"))).isNull();
        assertThat(SchemaGrammar.jsgf(answer("{\"type\": \"string\", \"format\": \"email\"}"))).isNull();
        assertThat(SchemaGrammar.jsgf(answer("{\"type\": \"object\"}"))).isNull();
        assertThat(SchemaGrammar.jsgf(answer("{\"type\": \"string\", \"enum\": [\"--\"]}"))).isNull();
        assertThat(SchemaGrammar.jsgf(null)).isNull();
        assertThat(SchemaGrammar.words(null)).isEmpty();
    }

    @Test
    void spellsNumbersTheWayTheSlotFillerReadsThem() {
        assertThat(SchemaGrammar.spellNumber(new BigDecimal("0"))).isEqualTo("zero");
        assertThat(SchemaGrammar.spellNumber(new BigDecimal("29"))).isEqualTo("twenty nine");
        assertThat(SchemaGrammar.spellNumber(new BigDecimal("2024"))).isEqualTo("two thousand twenty four");
        assertThat(SchemaGrammar.spellNumber(new BigDecimal("100500"))).isEqualTo("one hundred thousand five hundred");
        assertThat(SchemaGrammar.spellNumber(new BigDecimal("0.75"))).isEqualTo("zero point seven five");
    }

    private static boolean balanced(String expansion) {
        int round = 0;
        int square = 0;
        for (char c : expansion.toCharArray()) {
            round += c == '(' ? 1 : c == ')' ? -1 : 0;
            square += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (round < 0 || square < 0) {
                return false;
            }
        }
        return round == 0 && square == 0;
    }

    private static Set<String> cmudict() {
        Set<String> words = new HashSet<>();
        try (InputStream in = SchemaGrammarTest.class.getResourceAsStream(
                "/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    String head = line.substring(0, space);
                    words.add(head.contains("(") ? head.substring(0, head.indexOf('(')) : head);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cmudict not on the test class path", e);
        }
        return words;
    }
}
