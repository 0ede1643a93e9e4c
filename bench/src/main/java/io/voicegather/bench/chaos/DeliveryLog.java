package io.voicegather.bench.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every accepted webhook delivery, one line each, in arrival order: {@code data.id TAB call_control_id TAB
 * event_type TAB meta.attempt}. Each line is flushed before the delivery is answered, so a line exists for every
 * 2xx the server saw.
 * <p>
 * Threading: {@link #append} is safe from any thread.
 */
final class DeliveryLog implements AutoCloseable {
    /** One accepted delivery. */
    record Line(String eventId, String callControlId, String eventType, int attempt) {
    }

    private final BufferedWriter out;

    DeliveryLog(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    synchronized void append(Line line) {
        try {
            out.write(line.eventId() + '\t' + line.callControlId() + '\t' + line.eventType() + '\t' + line.attempt());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String s : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = s.split("\t", -1);
            if (f.length == 4) {
                lines.add(new Line(f[0], f[1], f[2], Integer.parseInt(f[3])));
            }
        }
        return lines;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
