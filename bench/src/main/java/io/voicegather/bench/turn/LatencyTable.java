package io.voicegather.bench.turn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** Percentiles of named intervals over a set of turns, printed as a Markdown table in milliseconds. */
final class LatencyTable {
    private record Row(String name, double[] millis) {
    }

    private final List<Turn> turns;
    private final List<Row> rows = new ArrayList<>();

    LatencyTable(List<Turn> turns) {
        this.turns = turns;
    }

    LatencyTable add(String name, ToLongFunction<Turn> nanos) {
        double[] ms = new double[turns.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = nanos.applyAsLong(turns.get(i)) / 1e6;
        }
        Arrays.sort(ms);
        rows.add(new Row(name, ms));
        return this;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("| part | p50 | p90 | p99 | max | mean |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            double[] v = r.millis();
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n", r.name(),
                    percentile(v, 50), percentile(v, 90), percentile(v, 99), v.length == 0 ? Double.NaN
                            : v[v.length - 1], Arrays.stream(v).average().orElse(Double.NaN)));
        }
        return sb.toString();
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
