package io.voicegather.server.webhook;

import io.voicegather.server.DocRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/webhooks.md, "How a response is read", rows R1–R14: each row's responses, read whole and then split at every
 * byte, give the row's outcome.
 */
class ResponseReaderTest {
    private static final Path DOC = Path.of("..", "docs", "webhooks.md");
    private static final String BIG = "x".repeat((int) ResponseReader.MAX_BODY_BYTES + 1);

    /**
     * A response and what it must give: the status (-1: the attempt failed), the excerpt, whether the connection may
     * carry the next request, and whether the connection's end is needed to complete it.
     */
    record Row(String id, String response, int status, String excerpt, boolean reusable, boolean endsAtClose) {
        @Override
        public String toString() {
            return id + ": " + response.lines().findFirst().orElse("");
        }
    }

    static List<Row> rows() {
        return List.of(
                new Row("R1", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 200, "ok", true, false),
                new Row("R1", "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", 200, "", true, false),
                new Row("R2", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n"
                        + "A\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n", 200, "abc0123456789", true, false),
                new Row("R2", "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                        + "2\r\nhi\r\n0\r\n\r\n", 200, "hi", true, false),
                new Row("R3", "HTTP/1.1 200 OK\r\n\r\nuntil the end", 200, "until the end", false, true),
                new Row("R3", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz", 200, "zz", false, true),
                new Row("R4", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 200, "ok",
                        false, false),
                new Row("R5", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 200, "ok", false, false),
                new Row("R5", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", 200,
                        "ok", true, false),
                new Row("R6", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\n!", 201, "!", true, false),
                new Row("R7", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", 204, "", true, false),
                new Row("R7", "HTTP/1.1 304 Not Modified\r\n\r\n", 304, "", true, false),
                new Row("R8", "HTTP/1.1 200 OK\r\nContent-Length: " + BIG.length() + "\r\n\r\n" + BIG, 200,
                        BIG.substring(0, ResponseReader.EXCERPT_BYTES), false, false),
                new Row("R8", "HTTP/1.1 200 OK\r\n\r\n" + BIG, 200, BIG.substring(0, ResponseReader.EXCERPT_BYTES),
                        false, false),
                new Row("R9", "HTTP/2 200\r\n\r\n", -1, "", false, false),
                new Row("R9", "SSH-2.0-OpenSSH\r\n", -1, "", false, false),
                new Row("R9", "HTTP/1.1 20 OK\r\n\r\n", -1, "", false, false),
                new Row("R9", "HTTP/1.1 600 Odd\r\n\r\n", -1, "", false, false),
                new Row("R9", "HTTP/1.1 200OK\r\n\r\n", -1, "", false, false),
                new Row("R10", "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", -1, "", false, false),
                new Row("R10", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", -1, "", false,
                        false),
                new Row("R10", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n", -1, "", false, false),
                new Row("R10", "HTTP/1.1 200 OK\r\n folded: value\r\n\r\n", -1, "", false, false),
                new Row("R10", "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(ResponseReader.MAX_LINE_BYTES) + "\r\n\r\n",
                        -1, "", false, false),
                new Row("R10", "HTTP/1.1 200 OK\r\n" + "X-Many: 0123456789012345678901234567890123456789\r\n"
                        .repeat(ResponseReader.MAX_HEAD_BYTES / 40) + "\r\n", -1, "", false, false),
                new Row("R11", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", -1, "", false,
                        false),
                new Row("R12", "HTTP/1.1 200 OK\r\nContent-Le", -1, "", false, true),
                new Row("R12", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 200, "short", false, true),
                new Row("R12", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", 200, "ab", false,
                        true),
                new Row("R13", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", 200, "ok", false, false),
                new Row("R14", "HTTP/1.1 202 Accepted\nContent-Length: 2\n\nok", 202, "ok", true, false),
                new Row("R14", "HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n", 503, "", true, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readWhole(Row row) {
        byte[] bytes = row.response().getBytes(StandardCharsets.ISO_8859_1);
        assertOutcome(row, read(bytes, bytes.length));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readInPiecesOfEverySize(Row row) {
        byte[] bytes = row.response().getBytes(StandardCharsets.ISO_8859_1);
        int[] sizes = bytes.length > 4096 ? new int[]{1, 7, 1000} : new int[]{1, 2, 3, 5, 13, 64};
        for (int size : sizes) {
            assertOutcome(row, read(bytes, size));
        }
    }

    @Test
    void everyRowOfTheDocIsPlayedHereAndEveryRowHereIsInTheDoc() throws Exception {
        assertThat(DocRows.rowIds(DOC, "R"))
                .containsExactlyElementsOf(rows().stream().map(Row::id).distinct().collect(Collectors.toList()));
    }

    /** What reading gave: the status (-1 on a protocol error), the excerpt, reusable, and whether it had ended. */
    private record Outcome(int status, String excerpt, boolean reusable, boolean ended, boolean neededClose) {
    }

    private static Outcome read(byte[] bytes, int piece) {
        ResponseReader reader = new ResponseReader();
        boolean extra = false;
        try {
            for (int at = 0; at < bytes.length && !reader.done(); at += piece) {
                ByteBuffer in = ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at));
                reader.read(in);
                extra |= in.hasRemaining() || (reader.done() && at + piece < bytes.length);
            }
            boolean neededClose = !reader.done();
            if (neededClose) {
                reader.endOfInput();
            }
            return new Outcome(reader.status(), reader.excerpt(), reader.reusable() && !extra, reader.done(),
                    neededClose);
        } catch (ResponseReader.ProtocolException e) {
            return new Outcome(reader.status(), reader.excerpt(), false, false, !reader.done());
        }
    }

    private static void assertOutcome(Row row, Outcome got) {
        assertThat(got.status()).as("status").isEqualTo(row.status());
        assertThat(got.excerpt()).as("excerpt").isEqualTo(row.excerpt());
        assertThat(got.reusable()).as("reusable").isEqualTo(row.reusable());
        if (row.status() > 0 && !row.id().equals("R12")) {
            assertThat(got.ended()).as("ended").isTrue();
            assertThat(got.neededClose()).as("needed the connection's end").isEqualTo(row.endsAtClose());
        }
    }
}
