package io.voicegather.server.http;

import io.voicegather.api.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A strict multipart/form-data parser (RFC 7578) for an upload already read into memory. Anything malformed is a
 * 400 10028, never an exception of another kind: the body is untrusted.
 */
final class MediaMultipart {
    static final int MAX_PARTS = 16;
    private static final int MAX_HEADER_BYTES = 8192;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    /** One form field; filename is null for a plain field. */
    record Part(String name, String filename, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private MediaMultipart() {
    }

    /** The boundary parameter of a multipart/form-data Content-Type, or a 400. */
    static String boundary(String contentType) {
        String b = parameter(contentType, "boundary");
        if (b == null || b.isEmpty() || b.length() > 70) {
            throw invalid("the Content-Type has no valid boundary parameter");
        }
        return b;
    }

    /** The parts by field name, in body order; a field name given twice is a 400. */
    static Map<String, Part> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0 || (pos > 0 && !(pos >= 2 && body[pos - 2] == '\r' && body[pos - 1] == '\n'))) {
            throw invalid("no opening boundary");
        }
        byte[] nextDelimiter = concat(CRLF, delimiter);
        Map<String, Part> parts = new LinkedHashMap<>();
        pos += delimiter.length;
        while (true) {
            if (startsWith(body, pos, new byte[]{'-', '-'})) {
                return parts; // the closing delimiter; an epilogue after it is ignored
            }
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
                pos++;
            }
            if (!startsWith(body, pos, CRLF)) {
                throw invalid("a boundary must be followed by CRLF");
            }
            pos += 2;
            int headersEnd = indexOf(body, HEADER_END, pos);
            if (startsWith(body, pos, CRLF)) {
                headersEnd = pos - 2; // a part with no headers at all
            }
            if (headersEnd < 0 || headersEnd - pos > MAX_HEADER_BYTES) {
                throw invalid("unterminated or oversized part headers");
            }
            String headers = new String(body, pos, Math.max(0, headersEnd - pos), StandardCharsets.UTF_8);
            int dataStart = headersEnd + 4;
            int dataEnd = indexOf(body, nextDelimiter, dataStart);
            if (dataEnd < 0) {
                throw invalid("a part is not closed by a boundary");
            }
            Part part = part(headers, java.util.Arrays.copyOfRange(body, dataStart, dataEnd));
            if (parts.size() == MAX_PARTS) {
                throw invalid("more than " + MAX_PARTS + " parts");
            }
            if (parts.putIfAbsent(part.name(), part) != null) {
                throw invalid("the field '" + part.name() + "' is given more than once");
            }
            pos = dataEnd + nextDelimiter.length;
        }
    }

    private static Part part(String headers, byte[] data) {
        String disposition = null;
        for (String line : headers.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw invalid("malformed part header");
            }
            if (line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                disposition = line.substring(colon + 1).strip();
            }
        }
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw invalid("every part needs 'Content-Disposition: form-data'");
        }
        String name = parameter(disposition, "name");
        if (name == null || name.isEmpty()) {
            throw invalid("a part has no field name");
        }
        return new Part(name, parameter(disposition, "filename"), data);
    }

    /** A parameter of a header value ({@code type; a=b; c="d"}), unquoted; null when absent. */
    static String parameter(String headerValue, String wanted) {
        if (headerValue == null) {
            return null;
        }
        int i = headerValue.indexOf(';');
        while (i >= 0 && i < headerValue.length()) {
            i++;
            while (i < headerValue.length() && headerValue.charAt(i) == ' ') {
                i++;
            }
            int eq = headerValue.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = headerValue.substring(i, eq).strip();
            String value;
            int next;
            if (eq + 1 < headerValue.length() && headerValue.charAt(eq + 1) == '"') {
                StringBuilder sb = new StringBuilder();
                int j = eq + 2;
                while (j < headerValue.length() && headerValue.charAt(j) != '"') {
                    if (headerValue.charAt(j) == '\\' && j + 1 < headerValue.length()) {
                        j++;
                    }
                    sb.append(headerValue.charAt(j++));
                }
                if (j >= headerValue.length()) {
                    throw invalid("unterminated quoted parameter");
                }
                value = sb.toString();
                next = headerValue.indexOf(';', j);
            } else {
                next = headerValue.indexOf(';', eq);
                value = headerValue.substring(eq + 1, next < 0 ? headerValue.length() : next).strip();
            }
            if (key.equalsIgnoreCase(wanted)) {
                return value;
            }
            i = next;
        }
        return null;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        int last = hay.length - needle.length;
        byte first = needle[0];
        for (int i = Math.max(0, from); i <= last; i++) {
            if (hay[i] == first && startsWith(hay, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] hay, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > hay.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (hay[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static ApiException invalid(String why) {
        return new ApiException(HttpErrors.invalidBody("Invalid multipart/form-data body: " + why + "."));
    }
}
