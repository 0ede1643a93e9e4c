package io.voicegather.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Semantics tables in docs/ whose last column names the tests that prove each row ({@code `Class#method`}). Used by
 * the doc drift tests: a row naming no test, or a test that does not exist, fails.
 */
public final class DocRows {
    private static final Pattern TEST = Pattern.compile("`([\\w.]+)#(\\w+)`");

    private DocRows() {
    }

    /** The ids of the rows {@code | A1 | …} with this letter, each checked to appear once, in order. */
    public static Set<String> rowIds(Path doc, String rowPrefix) throws IOException {
        Pattern rowPattern = Pattern.compile("^\\|\\s*(" + rowPrefix + "\\d+)\\s*\\|");
        Set<String> ids = new LinkedHashSet<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher row = rowPattern.matcher(line);
            if (row.find()) {
                assertThat(ids.add(row.group(1))).as("row id %s appears once in %s", row.group(1), doc).isTrue();
            }
        }
        return ids;
    }

    /**
     * @param rowPrefix    the rows' letter (rows are {@code | C1 | … | tests |})
     * @param classPackage the package the named classes are relative to, ending with a dot
     * @return the row ids found, in order
     */
    public static List<String> assertEveryRowNamesTests(Path doc, String rowPrefix, String classPackage)
            throws Exception {
        Pattern rowPattern = Pattern.compile("^\\|\\s*(" + rowPrefix + "\\d+)\\s*\\|.*\\|([^|]*)\\|\\s*$");
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher row = rowPattern.matcher(line);
            if (!row.matches()) {
                continue;
            }
            rows.add(row.group(1));
            Matcher test = TEST.matcher(row.group(2));
            int named = 0;
            while (test.find()) {
                named++;
                Class<?> type = Class.forName(classPackage + test.group(1));
                String name = test.group(2);
                List<Method> methods = Arrays.stream(type.getDeclaredMethods())
                        .filter(m -> m.getName().equals(name)).toList();
                assertThat(methods).as("%s#%s (row %s) exists", test.group(1), name, row.group(1)).isNotEmpty();
                assertThat(methods).as("%s#%s (row %s) is a @Test or a @ParameterizedTest", test.group(1), name,
                        row.group(1)).anyMatch(m -> m.isAnnotationPresent(Test.class)
                                || m.isAnnotationPresent(ParameterizedTest.class));
            }
            assertThat(named).as("row %s names at least one test", row.group(1)).isPositive();
        }
        assertThat(rows).as("%s rows in %s", rowPrefix, doc).doesNotHaveDuplicates();
        return rows;
    }
}
