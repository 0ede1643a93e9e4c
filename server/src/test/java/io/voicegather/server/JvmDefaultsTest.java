package io.voicegather.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each row is a fresh JVM with a given core count and flags, applying the defaults as {@link Main} does. */
class JvmDefaultsTest {

    /** Prints what apply() answered, the common pool's parallelism after it and the HTTP server's no-delay setting. */
    public static void main(String[] args) {
        boolean shared = JvmDefaults.apply();
        System.out.print(shared + " " + ForkJoinPool.getCommonPoolParallelism() + " "
                + System.getProperty(JvmDefaults.NO_DELAY));
    }

    @ParameterizedTest(name = "{0} cores, flag ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
            // cores | -D flag of the parallelism | apply(), the parallelism after it, and the no-delay setting
            "1 |   | true 2 true",  // one core: the JDK's default would be 1 (a thread per response)
            "2 |   | true 2 true",  // two cores: the JDK's default would be 1
            "4 |   | true 3 true",  // enough cores: the JDK's own default (cores - 1) is kept
            "2 | 1 | false 1 true", // the operator's explicit setting wins, and apply() says so
            "2 | 6 | true 6 true",
    })
    void commonPoolCanCompleteResponsesWithoutAThreadEach(int cores, String flag, String expected) throws Exception {
        List<String> options = new ArrayList<>(List.of("-XX:ActiveProcessorCount=" + cores));
        if (flag != null) {
            options.add("-D" + JvmDefaults.COMMON_POOL_PARALLELISM + "=" + flag);
        }
        assertThat(applyInANewJvm(options)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "flag ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            // -D flag of the HTTP server's no-delay | the setting after apply()
            "       | true",  // small answers are not held back by Nagle's algorithm
            "false  | false", // the operator's explicit setting wins
    })
    void httpAnswersAreSentWithoutNaglesDelay(String flag, String expected) throws Exception {
        List<String> options = flag == null ? List.of() : List.of("-D" + JvmDefaults.NO_DELAY + "=" + flag);
        assertThat(applyInANewJvm(options)).endsWith(" " + expected);
    }

    /** Runs {@link #main} in a new JVM with these options; returns what it printed. */
    private static String applyInANewJvm(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), JvmDefaultsTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the JVM did not finish");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
