package io.voicegather.server.call;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call-level rows (C1, C2, …) of docs/gather-semantics.md name the end-to-end tests that prove them.
 * This test fails when a row names no test, or a test that does not exist, so the doc cannot drift from the suite.
 */
class CallSemanticsDocTest {
    private static final Path DOC = Path.of("..", "docs", "gather-semantics.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(C\\d+)\\s*\\|.*\\|([^|]*)\\|\\s*$");
    private static final Pattern TEST = Pattern.compile("`(\\w+)#(\\w+)`");

    @Test
    void everyCallRowNamesExistingEndToEndTests() throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            rows.add(row.group(1));
            Matcher test = TEST.matcher(row.group(2));
            int named = 0;
            while (test.find()) {
                named++;
                Class<?> type = Class.forName("io.voicegather.server.e2e." + test.group(1));
                Method method = type.getDeclaredMethod(test.group(2));
                assertThat(method.isAnnotationPresent(org.junit.jupiter.api.Test.class))
                        .as("%s#%s (row %s) is a @Test", test.group(1), test.group(2), row.group(1)).isTrue();
            }
            assertThat(named).as("row %s names at least one test", row.group(1)).isPositive();
        }
        assertThat(rows).as("call rows in %s", DOC).hasSizeGreaterThanOrEqualTo(10).doesNotHaveDuplicates();
    }
}
