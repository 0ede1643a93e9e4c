package io.voicegather.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.error.ApiException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a request body within a size limit and parses it as the JSON object every command takes. */
final class RequestBodies {
    /**
     * Request bodies are small flat objects: tight parser limits turn hostile input (10,000 nested '[',
     * numbers of 100k digits) into an ordinary 400 instead of deep recursion or slow number parsing.
     */
    private static final ObjectMapper PARSER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(100)
                    .maxStringLength(1 << 20)
                    .build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestBodies() {
    }

    /**
     * How much of an oversized body is read and thrown away before answering 413. Closing a socket with unread
     * data makes the kernel send a reset, and the client would see a broken connection instead of the 413.
     */
    static final long DRAIN_LIMIT = 16L << 20;

    /** Reads at most maxBytes; more is 413. */
    static byte[] read(InputStream in, String contentLength, int maxBytes) throws IOException {
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.strip()) > maxBytes) {
                    throw tooLarge(in, maxBytes);
                }
            } catch (NumberFormatException ignored) {
                // the HTTP server itself rejects a malformed Content-Length before we are called
            }
        }
        byte[] buf = new byte[512];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (buf.length > maxBytes) {
                    throw tooLarge(in, maxBytes);
                }
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxBytes + 1));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n > maxBytes) {
            throw tooLarge(in, maxBytes);
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    private static ApiException tooLarge(InputStream in, int maxBytes) throws IOException {
        byte[] sink = new byte[8192];
        long drained = 0;
        int r;
        while (drained < DRAIN_LIMIT && (r = in.read(sink)) >= 0) {
            drained += r;
        }
        return new ApiException(HttpErrors.bodyTooLarge(maxBytes));
    }

    /** Empty or all-whitespace → {}; otherwise a JSON object or ApiException 400 10028. */
    static ObjectNode parseObject(byte[] body) {
        if (isBlank(body)) {
            return PARSER.createObjectNode();
        }
        JsonNode node;
        try {
            node = PARSER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(HttpErrors.invalidBody(describe(e)));
        } catch (IOException e) {
            throw new ApiException(HttpErrors.invalidBody("Error decoding request body: " + e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(HttpErrors.invalidBody("The request body must be a JSON object."));
        }
        return (ObjectNode) node;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        StringBuilder sb = new StringBuilder("Error decoding request body");
        if (loc != null) {
            long pos = loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
            if (pos >= 0) {
                sb.append(" at position ").append(pos);
            }
            if (loc.getLineNr() > 0) {
                sb.append(" (line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr()).append(')');
            }
        }
        String why = e.getOriginalMessage();
        if (why != null && !why.isBlank()) {
            sb.append(": ").append(why.length() > 300 ? why.substring(0, 300) + "..." : why);
        }
        return sb.toString();
    }
}
