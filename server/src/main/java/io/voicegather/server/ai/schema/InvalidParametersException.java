package io.voicegather.server.ai.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code parameters} object of gather_using_ai is not a JSON Schema this server can gather with. Each problem
 * names where it is, as a JSON pointer inside {@code parameters} ("" for the object itself, "/properties/age/type").
 */
public final class InvalidParametersException extends RuntimeException {

    /** One thing wrong: where (JSON pointer relative to the parameters object) and what. */
    public record Problem(String pointer, String message) {
    }

    private final List<Problem> problems;

    public InvalidParametersException(List<Problem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid schema has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    InvalidParametersException(String pointer, String message) {
        this(List.of(new Problem(pointer, message)));
    }

    /** In document order of discovery; never empty. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        return problems.stream().map(p -> "/parameters" + p.pointer() + ": " + p.message())
                .collect(Collectors.joining("; "));
    }
}
