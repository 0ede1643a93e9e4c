package io.voicegather.server.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from a connection's bytes as they arrive: the status line and headers, then the body
 * framed by {@code Content-Length}, by the chunked transfer coding, or by the end of the connection (RFC 9112).
 * Interim {@code 1xx} responses are skipped. The body is not kept: only its first {@link #EXCERPT_BYTES} bytes (for
 * the console's record of the attempt); past {@link #MAX_BODY_BYTES} reading stops and the connection must be
 * closed, so a receiver that streams forever costs nothing.
 * <p>
 * Limits: a line of at most {@link #MAX_LINE_BYTES}, a head (status line and headers) of at most
 * {@link #MAX_HEAD_BYTES}; past them, or on any malformed line, {@link #read} throws {@link ProtocolException}.
 * <p>
 * Threading: one instance per exchange, used by one thread.
 */
final class ResponseReader {
    static final int EXCERPT_BYTES = 256;
    static final long MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_LINE_BYTES = 8 * 1024;
    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** A response that breaks HTTP/1.1 framing: the connection cannot be used further. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }

    private enum State { STATUS_LINE, HEADERS, BODY_BY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS,
        BODY_UNTIL_CLOSE, DONE }

    private State state = State.STATUS_LINE;
    private byte[] line = new byte[128]; // grows to MAX_LINE_BYTES: most lines are short
    private int lineLength;
    private int headBytes;

    private int status = -1;
    private boolean http10;
    private long contentLength = -1;
    private boolean chunked;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean headersDone;

    private long left; // of the fixed-length body or of the current chunk
    private long bodyBytes;
    private boolean cut;
    private final byte[] excerpt = new byte[EXCERPT_BYTES];
    private int excerptLength;

    /** The final status code, once {@link #headersDone()}; -1 before. */
    int status() {
        return headersDone ? status : -1;
    }

    /** The final response's status line and headers have been read. */
    boolean headersDone() {
        return headersDone;
    }

    /** The response has ended (or was cut at {@link #MAX_BODY_BYTES}); nothing more is read. */
    boolean done() {
        return state == State.DONE;
    }

    /** Whether the connection may carry the next request once {@link #done()}. */
    boolean reusable() {
        boolean persistent = http10 ? connectionKeepAlive && !connectionClose : !connectionClose;
        return done() && !cut && persistent;
    }

    /** The first bytes of the body, as UTF-8 (malformed sequences replaced). */
    String excerpt() {
        return new String(excerpt, 0, excerptLength, StandardCharsets.UTF_8);
    }

    /**
     * Consumes bytes of {@code in} up to the end of the response (what follows it is left in {@code in}).
     */
    void read(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    if (readLine(in)) {
                        onLine();
                    }
                }
                case BODY_BY_LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(in.remaining(), left);
                    body(in, n);
                    left -= n;
                    if (left == 0 && state != State.DONE) {
                        state = state == State.BODY_BY_LENGTH ? State.DONE : State.CHUNK_END;
                    }
                }
                case BODY_UNTIL_CLOSE -> body(in, in.remaining());
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /**
     * The connection ended. Completes a body that runs to the end of the connection; anywhere else in a response
     * it is an error (the response is incomplete).
     */
    void endOfInput() throws ProtocolException {
        if (state == State.BODY_UNTIL_CLOSE) {
            state = State.DONE;
        } else if (state != State.DONE) {
            throw new ProtocolException(headersDone ? "connection closed in the response body"
                    : "connection closed before a complete response head");
        }
    }

    private void body(ByteBuffer in, int n) {
        int keep = Math.min(n, EXCERPT_BYTES - excerptLength);
        if (keep > 0) {
            in.get(excerpt, excerptLength, keep);
            excerptLength += keep;
        }
        in.position(in.position() + n - keep);
        bodyBytes += n;
        if (bodyBytes > MAX_BODY_BYTES) {
            cut = true;
            state = State.DONE;
        }
    }

    /** Reads up to a line end (LF, with or without CR); true when {@link #line} holds a whole line, CR LF removed. */
    private boolean readLine(ByteBuffer in) throws ProtocolException {
        boolean head = state == State.STATUS_LINE || state == State.HEADERS;
        while (in.hasRemaining()) {
            byte b = in.get();
            if (head && ++headBytes > MAX_HEAD_BYTES) {
                throw new ProtocolException("response head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == line.length) {
                if (lineLength == MAX_LINE_BYTES) {
                    throw new ProtocolException("response line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, lineLength * 2));
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void onLine() throws ProtocolException {
        String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        lineLength = 0;
        switch (state) {
            case STATUS_LINE -> statusLine(text);
            case HEADERS -> {
                if (text.isEmpty()) {
                    endOfHead();
                } else {
                    header(text);
                }
            }
            case CHUNK_SIZE -> chunkSize(text);
            case CHUNK_END -> {
                if (!text.isEmpty()) {
                    throw new ProtocolException("no line end after a chunk");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** {@code HTTP/1.1 200 OK}: the version, a space, three digits, then a space and a reason or nothing. */
    private void statusLine(String text) throws ProtocolException {
        boolean v11 = text.startsWith("HTTP/1.1 ");
        boolean v10 = text.startsWith("HTTP/1.0 ");
        if (!(v11 || v10) || text.length() < 12 || (text.length() > 12 && text.charAt(12) != ' ')) {
            throw new ProtocolException("not an HTTP/1.x status line: " + quoted(text));
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException("not an HTTP/1.x status line: " + quoted(text));
            }
            code = code * 10 + (c - '0');
        }
        if (code < 100 || code > 599) {
            throw new ProtocolException("status code out of range: " + code);
        }
        status = code;
        http10 = v10;
        state = State.HEADERS;
    }

    private void header(String text) throws ProtocolException {
        int colon = text.indexOf(':');
        if (colon <= 0 || text.charAt(0) == ' ' || text.charAt(0) == '\t' || text.charAt(colon - 1) == ' ') {
            throw new ProtocolException("malformed header line: " + quoted(text));
        }
        String name = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim();
        switch (name) {
            case "content-length" -> {
                long n = parseLength(value);
                if (contentLength >= 0 && contentLength != n) {
                    throw new ProtocolException("conflicting Content-Length headers");
                }
                contentLength = n;
            }
            case "transfer-encoding" -> {
                // The last coding decides: chunked frames the body; any other leaves it to the connection's end.
                String[] codings = value.split(",");
                chunked = codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
                if (!chunked) {
                    connectionClose = true;
                }
            }
            case "connection" -> {
                for (String token : value.split(",")) {
                    String t = token.trim();
                    connectionClose |= t.equalsIgnoreCase("close");
                    connectionKeepAlive |= t.equalsIgnoreCase("keep-alive");
                }
            }
            default -> {
                // other headers do not matter to a webhook's outcome
            }
        }
    }

    private static long parseLength(String value) throws ProtocolException {
        if (value.isEmpty() || value.length() > 18) {
            throw new ProtocolException("bad Content-Length: " + quoted(value));
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException("bad Content-Length: " + quoted(value));
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private void endOfHead() throws ProtocolException {
        if (status == 101) {
            throw new ProtocolException("101 Switching Protocols was not asked for");
        }
        if (status < 200) {
            resetHead(); // an interim response: the final one follows
            return;
        }
        headersDone = true;
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            left = contentLength;
            state = contentLength == 0 ? State.DONE : State.BODY_BY_LENGTH;
        } else {
            connectionClose = true;
            state = State.BODY_UNTIL_CLOSE;
        }
    }

    private void resetHead() {
        status = -1;
        contentLength = -1;
        chunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        state = State.STATUS_LINE;
    }

    private void chunkSize(String text) throws ProtocolException {
        int end = text.indexOf(';'); // chunk extensions are ignored
        String hex = (end < 0 ? text : text.substring(0, end)).trim();
        if (hex.isEmpty() || hex.length() > 15) {
            throw new ProtocolException("bad chunk size: " + quoted(text));
        }
        long size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                throw new ProtocolException("bad chunk size: " + quoted(text));
            }
            size = size * 16 + d;
        }
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            left = size;
            state = State.CHUNK_DATA;
        }
    }

    private static String quoted(String text) {
        return "\"" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "\"";
    }
}
