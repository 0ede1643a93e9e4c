package io.voicegather.server.ai.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParametersSchemaTest {
    private static final String AGE_AND_CITY = """
            {"type":"object","properties":{
              "age":{"type":"integer","minimum":0,"maximum":130,"description":"The caller's age in years"},
              "city":{"type":"string"},
              "plan":{"enum":["basic","premium"]}},
             "required":["age","city"]}""";

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fieldsComeInDeclarationOrderWithRequiredAndDescription() {
        ParametersSchema s = ParametersSchema.compile(json(AGE_AND_CITY));
        assertThat(s.fields()).extracting(ParametersSchema.Field::name).containsExactly("age", "city", "plan");
        assertThat(s.fields()).extracting(ParametersSchema.Field::required).containsExactly(true, true, false);
        assertThat(s.fields().get(0).description()).isEqualTo("The caller's age in years");
        assertThat(s.fields().get(1).description()).isNull();
        assertThat(s.fields().get(2).schema().get("enum")).hasSize(2);
    }

    @Test
    void compileCopiesItsArgument() {
        ObjectNode parameters = json(AGE_AND_CITY);
        ParametersSchema s = ParametersSchema.compile(parameters);
        parameters.remove("properties");
        assertThat(s.schema().has("properties")).isTrue();
        assertThat(s.fields()).hasSize(3);
    }

    @Test
    void validateAcceptsAConformingResultAndExplainsTheRest() {
        ParametersSchema s = ParametersSchema.compile(json(AGE_AND_CITY));
        assertThat(s.validate(json("{\"age\":29,\"city\":\"Paris\"}"))).isEmpty();
        assertThat(s.validate(json("{\"age\":29,\"city\":\"Paris\",\"plan\":\"premium\"}"))).isEmpty();
        List<String> problems = s.validate(json("{\"age\":131,\"plan\":\"gold\"}"));
        assertThat(problems).hasSize(3);
        assertThat(problems).anyMatch(m -> m.startsWith("/age: ") && m.contains("130"));
        assertThat(problems).anyMatch(m -> m.contains("city"));
        assertThat(problems).anyMatch(m -> m.startsWith("/plan: "));
        assertThat(s.validate(json("{\"age\":\"29\",\"city\":\"Paris\"}"))).singleElement().asString()
                .startsWith("/age: ").contains("integer");
    }

    @Test
    void theGuidesOwnExampleIsNotASchemaAndSaysWhere() {
        assertThatThrownBy(() -> ParametersSchema.compile(json(
                "{\"properties\":\"bar\",\"required\":\"bar\",\"type\":\"bar\"}")))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> {
                    assertThat(e.problems()).extracting(InvalidParametersException.Problem::pointer)
                            .containsExactlyInAnyOrder("/properties", "/required", "/type");
                    assertThat(e.getMessage()).contains("/parameters/properties: ").contains("object expected")
                            .contains("/parameters/required: ").contains("array expected");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"object","properties":{"age":{"type":"integr"}}}                       | /properties/age/type
            {"type":"object","properties":{"age":{"minimum":"zero"}}}                      | /properties/age/minimum
            {"type":"array","items":{"type":"string"}}                                     | /type
            {"type":["object","null"],"properties":{"a":{}}}                               | /type
            {"type":"object"}                                                              | /properties
            {"type":"object","properties":{}}                                              | /properties
            {"properties":{"a":true}}                                                      | /properties/a
            {"properties":{"a":{"$ref":"http://127.0.0.1:9/x.json"}}}                      | /properties/a/$ref
            {"properties":{"a":{"$ref":"other.json#/a"}}}                                  | /properties/a/$ref
            {"$schema":"http://json-schema.org/draft-04/schema#","properties":{"a":{}}}    | /$schema
            {"properties":{"a":{}},"required":["a","a"]}                                   | /required
            {"properties":{"a":{"pattern":"(unclosed"}}}                                   | /properties/a/pattern
            """)
    void invalidSchemasAreRefusedWithAPointer(String schema, String pointer) {
        assertThatThrownBy(() -> ParametersSchema.compile(json(schema)))
                .isInstanceOfSatisfying(InvalidParametersException.class, e ->
                        assertThat(e.problems().get(0).pointer()).as(e.getMessage()).isEqualTo(pointer));
    }

    @Test
    void draft07IsUsedWhenDeclared() {
        // Draft-07's exclusiveMinimum is a number; 2020-12 agrees, but "definitions" + "$ref" into it is draft-07 style.
        ParametersSchema s = ParametersSchema.compile(json("""
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                 "definitions":{"pin":{"type":"string","pattern":"^[0-9]{4}$"}},
                 "properties":{"pin":{"$ref":"#/definitions/pin"}},"required":["pin"]}"""));
        assertThat(s.validate(json("{\"pin\":\"1234\"}"))).isEmpty();
        assertThat(s.validate(json("{\"pin\":\"12a4\"}"))).singleElement().asString().startsWith("/pin: ");
        // In draft-07 "items" as an array is a tuple; in 2020-12 it must be a schema (prefixItems took that role).
        String tuple = "{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}}}";
        assertThatThrownBy(() -> ParametersSchema.compile(json(tuple))).isInstanceOf(InvalidParametersException.class);
        ObjectNode declared07 = json(tuple);
        declared07.put("$schema", "http://json-schema.org/draft-07/schema#");
        assertThat(ParametersSchema.compile(declared07).fields()).hasSize(1);
    }

    @Test
    void localReferencesWork() {
        ParametersSchema s = ParametersSchema.compile(json("""
                {"$defs":{"yn":{"type":"boolean"}},"properties":{"ok":{"$ref":"#/$defs/yn"}}}"""));
        assertThat(s.validate(json("{\"ok\":true}"))).isEmpty();
        assertThat(s.validate(json("{\"ok\":1}"))).hasSize(1);
    }

    @Test
    void oneCompiledSchemaValidatesFromManyThreads() throws Exception {
        ParametersSchema s = ParametersSchema.compile(json(AGE_AND_CITY));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int age = i;
                results.add(pool.submit(() -> s.validate(json("{\"age\":" + age + ",\"city\":\"x\"}")).isEmpty()
                        == (age <= 130)));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
