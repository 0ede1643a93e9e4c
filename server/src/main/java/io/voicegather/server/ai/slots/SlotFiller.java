package io.voicegather.server.ai.slots;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.server.ai.schema.ParametersSchema;
import io.voicegather.server.ai.slots.SpokenNumbers.Span;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Fills the fields of a JSON Schema object from what a caller said, without a language model: the offline default of
 * {@code gather_using_ai}. Deterministic and rule-based; see docs/ai.md for what it understands.
 *
 * <p>Values come back as the Java form of their JSON type: integer fields as {@link Long}, number fields as
 * {@link BigDecimal}, booleans as {@link Boolean}, strings as {@link String} ({@code format: date} as ISO
 * {@code yyyy-MM-dd}), enum fields as the enum's own value. An empty result means "not understood: ask again".
 *
 * <p>Immutable and thread-safe.
 */
public final class SlotFiller {
    private static final Set<String> QUESTION_STARTS = Set.of("what", "which", "when", "where", "who", "how", "do",
            "does", "did", "are", "is", "can", "could", "would", "will", "have", "has", "please", "tell", "say", "enter");
    /** Descriptions that tell the caller what to do rather than ask ("Please say ...", "Enter ..."). */
    private static final Set<String> INSTRUCTION_STARTS = Set.of("please", "tell", "say", "enter");
    private static final Pattern LEADING_ARTICLE = Pattern.compile("(?i)^(the|your|a|an)\\s+");
    private static final Pattern NUMBER_OF = Pattern.compile("(?i)^(?:the\\s+)?number\\s+of\\s+");

    private final SlotFillerSettings settings;

    public SlotFiller() {
        this(SlotFillerSettings.defaults());
    }

    public SlotFiller(SlotFillerSettings settings) {
        this.settings = settings;
    }

    /**
     * The value of {@code field} in a spoken (transcribed) answer.
     *
     * @throws IllegalArgumentException when the schema has no such property
     */
    public Optional<Object> extract(JsonNode schema, String field, String transcript) {
        JsonNode property = property(schema, field);
        if (transcript == null || transcript.isBlank()) {
            return Optional.empty();
        }
        String type = ParametersSchema.typeOf(property);
        JsonNode enumValues = property.path("enum");
        if (enumValues.isArray() && !enumValues.isEmpty()) {
            return matchEnum(enumValues, type, transcript);
        }
        return switch (type) {
            case "integer" -> integer(transcript).filter(v -> inRange(property, new BigDecimal(v))).map(v -> v);
            case "number" -> decimal(transcript).filter(v -> inRange(property, v)).map(v -> v);
            case "boolean" -> YesNo.parse(transcript).map(v -> v);
            default -> string(property, transcript);
        };
    }

    /**
     * Whether a caller can answer this property on the keypad (see {@link #extractKeypad}): integers, numbers,
     * booleans, dates, and enums of up to 9 values (any number of numeric ones).
     */
    public static boolean keypadAnswerable(JsonNode property) {
        String type = ParametersSchema.typeOf(property);
        if ("string".equals(type) && "date".equals(property.path("format").asText())) {
            return true;
        }
        if (property.path("enum").isArray()) {
            return property.path("enum").size() <= 9 || "integer".equals(type) || "number".equals(type);
        }
        return "integer".equals(type) || "number".equals(type) || "boolean".equals(type);
    }

    /**
     * The value of {@code field} from keypad digits (a trailing '#' is ignored). Integers: the digits; numbers: '*'
     * is the decimal point; booleans: 1 yes, 2 no; enums: the n-th value (1-based); dates: 8 digits in the
     * configured order (DDMMYYYY or MMDDYYYY); other strings: the digits as typed.
     */
    public Optional<Object> extractKeypad(JsonNode schema, String field, String digits) {
        JsonNode property = property(schema, field);
        if (digits == null) {
            return Optional.empty();
        }
        String keys = digits.endsWith("#") ? digits.substring(0, digits.length() - 1) : digits;
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        String type = ParametersSchema.typeOf(property);
        JsonNode enumValues = property.path("enum");
        boolean allDigits = keys.chars().allMatch(Character::isDigit);
        if (enumValues.isArray() && !enumValues.isEmpty()) {
            if (!allDigits || keys.length() > 9) {
                return Optional.empty();
            }
            long n = Long.parseLong(keys);
            if (type.equals("integer") || type.equals("number")) {
                for (JsonNode value : enumValues) {
                    if (value.isNumber() && value.decimalValue().compareTo(BigDecimal.valueOf(n)) == 0) {
                        return Optional.of(javaValue(value));
                    }
                }
                return Optional.empty();
            }
            return n >= 1 && n <= enumValues.size() ? Optional.of(javaValue(enumValues.get((int) n - 1)))
                    : Optional.empty();
        }
        switch (type) {
            case "integer":
                if (!allDigits || keys.length() > 18) {
                    return Optional.empty();
                }
                long value = Long.parseLong(keys);
                return inRange(property, BigDecimal.valueOf(value)) ? Optional.of(value) : Optional.empty();
            case "number":
                if (!keys.matches("\\d+(\\*\\d+)?") || keys.length() > 30) {
                    return Optional.empty();
                }
                BigDecimal number = new BigDecimal(keys.replace('*', '.'));
                return inRange(property, number) ? Optional.of(number) : Optional.empty();
            case "boolean":
                return keys.equals("1") ? Optional.of(true) : keys.equals("2") ? Optional.of(false) : Optional.empty();
            default:
                if (!allDigits) {
                    return Optional.empty();
                }
                if ("date".equals(property.path("format").asText())) {
                    if (keys.length() != 8) {
                        return Optional.empty();
                    }
                    // Read like "dd/mm/yyyy" or "mm/dd/yyyy" as the settings say.
                    String spelled = keys.substring(0, 2) + "/" + keys.substring(2, 4) + "/" + keys.substring(4);
                    return SpokenDates.parse(spelled, settings).map(LocalDate::toString);
                }
                return Optional.<Object>of(keys).filter(s -> lengthOk(property, keys));
        }
    }

    /**
     * The next field to ask for: the first of the schema's {@code required} fields (in that order) that is not in
     * {@code filled}; when the schema lists no {@code required}, every property in declaration order.
     */
    public Optional<String> nextMissing(JsonNode schema, Map<String, ?> filled) {
        for (String field : askable(schema)) {
            if (filled.get(field) == null) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** The fields this filler asks for, in order (see {@link #nextMissing}). */
    public static List<String> askable(JsonNode schema) {
        List<String> fields = new ArrayList<>();
        JsonNode required = schema.path("required");
        if (required.isArray() && !required.isEmpty()) {
            required.forEach(r -> fields.add(r.asText()));
        } else {
            schema.path("properties").fieldNames().forEachRemaining(fields::add);
        }
        return fields;
    }

    /**
     * The question for a field, from its description: "What is your date of birth?" for "Date of birth", "What is
     * the city you live in?" for "The city you live in" (a description that names its own article or "your" keeps
     * it), "How many guests?" for "Number of guests"; a description that is already a question or an instruction is
     * used as it is; no description uses the field name ("date_of_birth" becomes "date of birth").
     */
    public String question(JsonNode schema, String field) {
        JsonNode property = property(schema, field);
        String description = property.path("description").asText("").strip();
        if (description.isEmpty()) {
            description = field.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ')
                    .toLowerCase(Locale.ROOT).strip();
        }
        String firstWord = description.split("\\s+")[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (description.endsWith("?")) {
            return description;
        }
        if (QUESTION_STARTS.contains(firstWord)) {
            return asSentence(description, INSTRUCTION_STARTS.contains(firstWord) ? '.' : '?');
        }
        String phrase = description.replaceAll("[.:!]+$", "");
        Matcher count = NUMBER_OF.matcher(phrase);
        if (count.find()) {
            return "How many " + phrase.substring(count.end()) + "?";
        }
        Matcher article = LEADING_ARTICLE.matcher(phrase);
        if (article.find()) {
            String rest = lowerFirst(phrase.substring(article.end()));
            return "What is " + article.group(1).toLowerCase(Locale.ROOT) + " " + rest + "?";
        }
        return "What is your " + lowerFirst(phrase) + "?";
    }

    /** "are you a member" becomes "Are you a member?": a capital first letter and an end mark, if it has none. */
    private static String asSentence(String s, char endMark) {
        String out = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        return out.matches(".*[.!?]$") ? out : out + endMark;
    }

    /** "Date of birth" becomes "date of birth"; acronyms ("PIN code") stay as they are. */
    private static String lowerFirst(String s) {
        if (s.length() > 1 && !s.substring(0, 2).equals(s.substring(0, 2).toUpperCase(Locale.ROOT))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    /**
     * A sentence telling the caller how to answer on the keypad, for fields that accept it.
     *
     * @param canSpeak false when no recogniser listens: then the sentence speaks of keys only
     */
    public Optional<String> keypadHint(JsonNode schema, String field, boolean canSpeak) {
        return keypadHint(schema, field).map(hint -> canSpeak ? hint : keysOnly(hint));
    }

    /** "Say yes or no, or press 1 ..." becomes "Press 1 ..."; "You can also type it ..." becomes "Type it ...". */
    private static String keysOnly(String hint) {
        if (hint.startsWith("You can also type")) {
            return "Type" + hint.substring("You can also type".length());
        }
        int press = hint.indexOf(", or press ");
        return press < 0 ? hint : "Press " + hint.substring(press + ", or press ".length());
    }

    /** A sentence telling the caller how to answer on the keypad, for fields that accept it. */
    public Optional<String> keypadHint(JsonNode schema, String field) {
        JsonNode property = property(schema, field);
        JsonNode enumValues = property.path("enum");
        String type = ParametersSchema.typeOf(property);
        if (enumValues.isArray() && !enumValues.isEmpty()) {
            if (type.equals("integer") || enumValues.size() > 9) {
                return type.equals("integer") ? Optional.of("You can also type it on your keypad.") : Optional.empty();
            }
            StringBuilder sb = new StringBuilder("Say your choice, or press ");
            for (int i = 0; i < enumValues.size(); i++) {
                sb.append(i == 0 ? "" : i == enumValues.size() - 1 ? ", or " : ", ")
                        .append(i + 1).append(" for ").append(enumValues.get(i).asText());
            }
            return Optional.of(sb.append('.').toString());
        }
        return switch (type) {
            case "boolean" -> Optional.of("Say yes or no, or press 1 for yes and 2 for no.");
            case "integer" -> Optional.of("You can also type it on your keypad, then press pound.");
            case "number" -> Optional.of("You can also type it on your keypad, using star for the decimal point, "
                    + "then press pound.");
            default -> "date".equals(property.path("format").asText())
                    ? Optional.of(settings.dateOrder() == DateOrder.DAY_FIRST
                            ? "You can also type it as eight digits, day, month and year."
                            : "You can also type it as eight digits, month, day and year.")
                    : Optional.empty();
        };
    }

    private Optional<Object> matchEnum(JsonNode enumValues, String type, String transcript) {
        if (type.equals("integer") || type.equals("number")) {
            Optional<BigDecimal> said = decimal(transcript);
            if (said.isEmpty()) {
                return Optional.empty();
            }
            for (JsonNode value : enumValues) {
                if (value.isNumber() && value.decimalValue().compareTo(said.get()) == 0) {
                    return Optional.of(javaValue(value));
                }
            }
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        enumValues.forEach(v -> texts.add(v.asText()));
        return EnumMatcher.match(texts, transcript, settings.enumSimilarity()).map(i -> javaValue(enumValues.get(i)));
    }

    private Optional<Object> string(JsonNode property, String transcript) {
        if ("date".equals(property.path("format").asText())) {
            return SpokenDates.parse(transcript, settings).map(LocalDate::toString);
        }
        Optional<String> text = FreeText.parse(transcript).filter(s -> lengthOk(property, s));
        String pattern = property.path("pattern").asText(null);
        if (pattern != null && text.isPresent()) {
            try {
                if (!Pattern.compile(pattern).matcher(text.get()).find()) {
                    return Optional.empty();
                }
            } catch (PatternSyntaxException e) {
                // an invalid pattern is the schema validator's business, not a reason to miss
            }
        }
        return text.map(s -> s);
    }

    /** The last whole number said ("five, no, six" is 6); a decimal with a non-zero fraction is a miss. */
    static Optional<Long> integer(String transcript) {
        return lastSpan(transcript).flatMap(span -> {
            if (span.fraction() != null && !span.fraction().chars().allMatch(c -> c == '0')) {
                return Optional.empty();
            }
            String digits = span.integerDigits();
            if (digits.length() > 18) {
                return Optional.empty();
            }
            long value = Long.parseLong(digits);
            return Optional.of(span.negative() ? -value : value);
        });
    }

    /** The last number said, with its fraction. */
    static Optional<BigDecimal> decimal(String transcript) {
        return lastSpan(transcript).flatMap(span -> {
            String digits = span.integerDigits();
            if (digits.length() > 30) {
                return Optional.empty();
            }
            BigDecimal value = span.fraction() == null ? new BigDecimal(new BigInteger(digits))
                    : new BigDecimal(digits + "." + span.fraction());
            return Optional.of(span.negative() ? value.negate() : value);
        });
    }

    private static Optional<Span> lastSpan(String transcript) {
        List<Span> spans = SpokenNumbers.spans(Words.tokens(transcript));
        return spans.isEmpty() ? Optional.empty() : Optional.of(spans.get(spans.size() - 1));
    }

    private static boolean inRange(JsonNode property, BigDecimal value) {
        return bound(property, "minimum", value, 0, true) && bound(property, "maximum", value, 0, false)
                && bound(property, "exclusiveMinimum", value, 1, true)
                && bound(property, "exclusiveMaximum", value, 1, false);
    }

    private static boolean bound(JsonNode property, String keyword, BigDecimal value, int strict, boolean lower) {
        JsonNode limit = property.get(keyword);
        if (limit == null || !limit.isNumber()) {
            return true;
        }
        int cmp = value.compareTo(limit.decimalValue());
        return lower ? cmp >= strict : cmp <= -strict;
    }

    private static boolean lengthOk(JsonNode property, String s) {
        int length = s.codePointCount(0, s.length());
        return length >= property.path("minLength").asInt(0) && length <= property.path("maxLength").asInt(Integer.MAX_VALUE);
    }

    private static Object javaValue(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.asText();
    }

    private static JsonNode property(JsonNode schema, String field) {
        JsonNode property = schema == null ? null : schema.path("properties").get(field);
        if (property == null || !property.isObject()) {
            throw new IllegalArgumentException("schema has no property " + field);
        }
        return property;
    }
}
