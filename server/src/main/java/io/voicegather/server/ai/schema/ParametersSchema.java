package io.voicegather.server.ai.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checked {@code parameters} of a gather_using_ai command: a JSON Schema of an object with named fields. Compiled
 * once per command, then used to describe the fields to the language model and to check the gathered result.
 * Immutable and safe to share between threads.
 *
 * <p>The schema is checked against the draft 2020-12 meta-schema (draft-07 when its {@code $schema} says so). It must
 * describe an object ({@code type} absent or {@code "object"}) with at least one property. References must stay inside
 * the schema ({@code $ref} starting with {@code #}): nothing is ever fetched.
 */
public final class ParametersSchema {
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final Set<String> DRAFT_07 = Set.of("http://json-schema.org/draft-07/schema#",
            "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema#",
            "https://json-schema.org/draft-07/schema");
    private static final Set<String> REFERENCE_KEYWORDS = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    private static final Set<String> DATA_KEYWORDS = Set.of("const", "default", "enum", "examples");

    // The registries resolve the meta-schemas from the validator's own bundled copies; remote fetching is off.
    private static final SchemaRegistry REGISTRY_2020_12 = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12);
    private static final SchemaRegistry REGISTRY_07 = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Schema META_2020_12 = initialized(REGISTRY_2020_12.getSchema(SchemaLocation.of(DRAFT_2020_12)));
    private static final Schema META_07 = initialized(REGISTRY_07.getSchema(
            SchemaLocation.of("http://json-schema.org/draft-07/schema#")));

    /** One property of the schema, in declaration order. */
    public record Field(String name, ObjectNode schema, boolean required, String description) {
    }

    private final ObjectNode schema;
    private final List<Field> fields;
    private final Schema validator;

    private ParametersSchema(ObjectNode schema, List<Field> fields, Schema validator) {
        this.schema = schema;
        this.fields = fields;
        this.validator = validator;
    }

    /**
     * A field's JSON type as voice answers read it: for a list such as {@code ["integer", "null"]} the first that is
     * not null; {@code string} when none is given.
     */
    public static String typeOf(JsonNode field) {
        JsonNode type = field.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "string";
        }
        return type.asText("string");
    }

    /**
     * Checks and compiles a parameters object. The argument is copied: later changes to it have no effect.
     *
     * @throws InvalidParametersException saying what is wrong and where (JSON pointers inside parameters)
     */
    public static ParametersSchema compile(ObjectNode parameters) {
        ObjectNode copy = parameters.deepCopy();
        boolean draft07 = draft07(copy);
        checkKeywords(copy, "");
        List<InvalidParametersException.Problem> problems = metaSchemaProblems(copy, draft07 ? META_07 : META_2020_12);
        if (!problems.isEmpty()) {
            throw new InvalidParametersException(problems);
        }
        JsonNode type = copy.get("type");
        if (type != null && !(type.isTextual() && type.textValue().equals("object"))) {
            throw new InvalidParametersException("/type", "must be \"object\" (the fields to gather are its properties)");
        }
        JsonNode properties = copy.get("properties");
        if (properties == null || !properties.isObject() || properties.isEmpty()) {
            throw new InvalidParametersException("/properties", "must be an object naming at least one field to gather");
        }
        List<Field> fields = fields(copy, (ObjectNode) properties);
        Schema validator;
        try {
            validator = initialized((draft07 ? REGISTRY_07 : REGISTRY_2020_12).getSchema(copy));
        } catch (RuntimeException e) { // the validator refuses what the meta-schema let through (a bad regex, ...)
            throw new InvalidParametersException("", "cannot be used as a JSON Schema: " + e.getMessage());
        }
        return new ParametersSchema(copy, fields, validator);
    }

    /** The schema as compiled (a private copy: do not modify). */
    public ObjectNode schema() {
        return schema;
    }

    public List<Field> fields() {
        return fields;
    }

    /**
     * Checks a gathered result against the schema.
     *
     * @return empty when valid; else one readable message per problem, each starting with the JSON pointer of the
     * offending value when it is not the result object itself (e.g. {@code "/age: must have a minimum value of 0"})
     */
    public List<String> validate(ObjectNode result) {
        List<String> messages = new ArrayList<>();
        for (Error e : validator.validate(result)) {
            String at = e.getInstanceLocation().toString();
            messages.add(at.isEmpty() ? e.getMessage() : at + ": " + e.getMessage());
        }
        return List.copyOf(messages);
    }

    /**
     * Checks one gathered value against its property's rules (as {@link #validate} would judge it in the result).
     *
     * @return null when acceptable, else why not
     */
    public String problem(String field, JsonNode value) {
        ObjectNode alone = schema.objectNode();
        alone.set(field, value);
        String prefix = "/" + escape(field);
        for (String message : validate(alone)) {
            if (message.equals(prefix) || message.startsWith(prefix + ":") || message.startsWith(prefix + "/")) {
                return message.substring(prefix.length()).replaceFirst("^: ", "");
            }
        }
        return null;
    }

    private static boolean draft07(ObjectNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return false;
        }
        if (declared.isTextual() && DRAFT_07.contains(declared.textValue())) {
            return true;
        }
        if (declared.isTextual() && (declared.textValue().equals(DRAFT_2020_12)
                || declared.textValue().equals(DRAFT_2020_12 + "#"))) {
            return false;
        }
        throw new InvalidParametersException("/$schema", "must be \"" + DRAFT_2020_12
                + "\" or \"http://json-schema.org/draft-07/schema#\" (or be left out for draft 2020-12)");
    }

    /**
     * What the meta-schema cannot see: a reference outside the schema (it would make the validator look elsewhere;
     * refused whatever it names) and a pattern that is not a regular expression. Values that are data, not schema
     * (const, default, enum, examples), are not looked into.
     */
    private static void checkKeywords(JsonNode node, String pointer) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = pointer + "/" + escape(e.getKey());
                JsonNode value = e.getValue();
                if (REFERENCE_KEYWORDS.contains(e.getKey()) && value.isTextual()
                        && !value.textValue().startsWith("#")) {
                    throw new InvalidParametersException(at,
                            "must refer inside this schema (start with '#'); other documents are never loaded");
                }
                if (e.getKey().equals("pattern") && value.isTextual()) {
                    checkRegex(value.textValue(), at);
                }
                if (e.getKey().equals("patternProperties") && value.isObject()) {
                    value.fieldNames().forEachRemaining(name -> checkRegex(name, at + "/" + escape(name)));
                }
                if (!DATA_KEYWORDS.contains(e.getKey())) {
                    checkKeywords(value, at);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkKeywords(node.get(i), pointer + "/" + i);
            }
        }
    }

    private static void checkRegex(String regex, String pointer) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidParametersException(pointer, "is not a regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** The meta-schema's complaints, one per location (alternatives of an anyOf say the same thing twice). */
    private static List<InvalidParametersException.Problem> metaSchemaProblems(ObjectNode schema, Schema meta) {
        Map<String, String> byLocation = new LinkedHashMap<>();
        for (Error e : meta.validate(schema)) {
            byLocation.putIfAbsent(e.getInstanceLocation().toString(), e.getMessage());
        }
        List<InvalidParametersException.Problem> problems = new ArrayList<>();
        byLocation.forEach((at, message) -> problems.add(new InvalidParametersException.Problem(at, message)));
        return problems;
    }

    private static List<Field> fields(ObjectNode schema, ObjectNode properties) {
        Set<String> required = new java.util.HashSet<>();
        JsonNode req = schema.get("required");
        if (req != null) {
            req.forEach(n -> required.add(n.asText()));
        }
        List<Field> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!p.getValue().isObject()) {
                throw new InvalidParametersException("/properties/" + escape(p.getKey()),
                        "must be an object describing the field (a boolean schema cannot be asked for)");
            }
            ObjectNode fieldSchema = (ObjectNode) p.getValue();
            JsonNode description = fieldSchema.get("description");
            fields.add(new Field(p.getKey(), fieldSchema, required.contains(p.getKey()),
                    description != null && description.isTextual() ? description.textValue() : null));
        }
        return List.copyOf(fields);
    }

    private static Schema initialized(Schema schema) {
        schema.initializeValidators(); // resolves every keyword now, so validate() only reads shared state
        return schema;
    }

    /** RFC 6901: '~' is '~0' and '/' is '~1' inside a pointer token. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
