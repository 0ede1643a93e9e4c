package io.voicegather.server.ai.conversation;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows A1… of docs/ai.md name the tests that prove them; a row naming no test, or a missing one, fails here. */
class ConversationSemanticsDocTest {
    private static final Path DOC = Path.of("..", "docs", "ai.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(A\\d+)\\s*\\|.*\\|([^|]*)\\|\\s*$");
    private static final Pattern TEST = Pattern.compile("`([\\w.]+)#(\\w+)`");

    @Test
    void everyConversationRowNamesExistingTests() throws Exception {
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
                Class<?> type = Class.forName("io.voicegather.server." + test.group(1));
                Method method = type.getDeclaredMethod(test.group(2));
                assertThat(method.isAnnotationPresent(Test.class)).as("%s#%s (row %s) is a @Test",
                        test.group(1), test.group(2), row.group(1)).isTrue();
            }
            assertThat(named).as("row %s names at least one test", row.group(1)).isPositive();
        }
        assertThat(rows).as("conversation rows in %s", DOC).hasSizeGreaterThanOrEqualTo(20).doesNotHaveDuplicates();
    }
}
