package io.voicegather.server.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses SIP messages from bytes. Stateless and thread-safe. Only ever throws {@link SipParseException};
 * limits: {@value #MAX_MESSAGE_BYTES} bytes per message, {@value #MAX_HEADERS} header fields,
 * {@value #MAX_LINE_CHARS} characters per line. Header names accept compact forms; Via, Route and Record-Route
 * values holding several comma-separated entries are split into one field per entry.
 */
public final class SipParser {
    public static final int MAX_MESSAGE_BYTES = 65536;
    public static final int MAX_HEADERS = 200;
    public static final int MAX_LINE_CHARS = 8192;

    private SipParser() {
    }

    public static SipMessage parse(byte[] data) throws SipParseException {
        return parse(data, 0, data.length);
    }

    public static SipMessage parse(byte[] data, int off, int len) throws SipParseException {
        try {
            return parseChecked(data, off, len);
        } catch (SipParseException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defensive: no input may ever surface as anything but our own exception.
            throw new SipParseException("unparseable: " + e.getClass().getSimpleName());
        }
    }

    private static SipMessage parseChecked(byte[] data, int off, int len) throws SipParseException {
        if (len > MAX_MESSAGE_BYTES) {
            throw new SipParseException("message too large", null, 513);
        }
        if (len <= 0) {
            throw new SipParseException("empty message");
        }
        int end = off + len;
        long found = findHeaderEnd(data, off, end);
        int headerEnd;
        int bodyStart;
        String error = null;
        int errorStatus = 400;
        if (found < 0) {
            headerEnd = end;
            bodyStart = end;
            error = "no blank line after headers";
        } else {
            headerEnd = (int) (found >>> 32);
            bodyStart = (int) found;
        }
        String head = new String(data, off, headerEnd - off, StandardCharsets.UTF_8);
        List<String> lines = splitLines(head);
        if (lines.isEmpty()) {
            throw new SipParseException("no start line");
        }
        SipMessage msg = parseStartLine(lines.get(0));
        String pendingName = null;
        StringBuilder pendingValue = null;
        int fields = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.length() > MAX_LINE_CHARS) {
                error = "line too long";
                errorStatus = 513;
                continue;
            }
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (pendingValue == null) {
                    error = error == null ? "continuation without header" : error;
                } else {
                    pendingValue.append(' ').append(line.trim());
                }
                continue;
            }
            if (pendingName != null) {
                fields += addField(msg, pendingName, pendingValue.toString().trim());
            }
            pendingName = null;
            pendingValue = null;
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).trim() : "";
            if (name.isEmpty() || !isToken(name)) {
                error = error == null ? "malformed header line" : error;
                continue;
            }
            pendingName = name;
            pendingValue = new StringBuilder(line.length() - colon).append(line, colon + 1, line.length());
        }
        if (pendingName != null) {
            fields += addField(msg, pendingName, pendingValue.toString().trim());
        }
        if (fields > MAX_HEADERS) {
            throw new SipParseException("too many headers", msg, 513);
        }
        int available = end - bodyStart;
        String cl = msg.header("Content-Length");
        int bodyLength = available;
        if (cl != null) {
            int declared = parseNonNegativeInt(cl.trim());
            if (declared < 0) {
                error = error == null ? "bad Content-Length" : error;
            } else if (declared > available) {
                error = error == null ? "body shorter than Content-Length" : error;
            } else {
                bodyLength = declared;
            }
        }
        if (bodyLength > 0 && error == null) {
            byte[] body = new byte[bodyLength];
            System.arraycopy(data, bodyStart, body, 0, bodyLength);
            msg.setBody(body);
        }
        if (error != null) {
            throw new SipParseException(error, msg, errorStatus);
        }
        return msg;
    }

    /**
     * For stream transports: the length of the first complete message at {@code data[off..off+len)}, or -1
     * when more bytes are needed. A missing Content-Length means no body. A connection keeps its own
     * {@link StreamFramer} instead, so that it does not rescan a message that arrives in pieces.
     */
    public static int completeLength(byte[] data, int off, int len) throws SipParseException {
        return new StreamFramer().completeLength(data, off, off + len);
    }

    private static int addField(SipMessage msg, String name, String value) {
        String canonical = SipHeaders.canonicalName(name);
        if (canonical.equals("Via") || canonical.equals("Route") || canonical.equals("Record-Route")) {
            List<String> parts = splitCommaList(value);
            for (String p : parts) {
                msg.headers().add(canonical, p);
            }
            return parts.size();
        }
        msg.headers().add(canonical, value);
        return 1;
    }

    private static SipMessage parseStartLine(String line) throws SipParseException {
        if (line.length() > MAX_LINE_CHARS) {
            throw new SipParseException("start line too long", null, 513);
        }
        if (line.regionMatches(true, 0, "SIP/2.0 ", 0, 8)) {
            if (line.length() < 11) {
                throw new SipParseException("bad status line");
            }
            String code = line.substring(8, 11);
            int status = parseNonNegativeInt(code);
            if (status < 100 || status > 699 || (line.length() > 11 && line.charAt(11) != ' ')) {
                throw new SipParseException("bad status code");
            }
            String reason = line.length() > 12 ? line.substring(12) : "";
            return SipMessage.response(status, reason);
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw new SipParseException("bad request line");
        }
        String method = line.substring(0, sp1);
        String uri = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!isToken(method) || uri.isEmpty() || uri.indexOf(':') <= 0 || !version.equalsIgnoreCase("SIP/2.0")) {
            throw new SipParseException("bad request line");
        }
        return SipMessage.request(method, uri);
    }

    /**
     * Finds the blank line ending the headers. Returns {@code (headerEnd << 32) | bodyStart}, where headerEnd is
     * the LF ending the last header line, or -1 when there is none yet.
     */
    private static long findHeaderEnd(byte[] data, int off, int end) {
        for (int i = off; i < end - 1; i++) {
            if (data[i] == '\n') {
                int j = i + 1;
                if (data[j] == '\r') {
                    j++;
                }
                if (j < end && data[j] == '\n') {
                    return ((long) i << 32) | (j + 1);
                }
            }
        }
        return -1;
    }

    private static List<String> splitLines(String head) {
        List<String> lines = new ArrayList<>(24);
        int start = 0;
        int n = head.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || head.charAt(i) == '\n') {
                int stop = i > start && head.charAt(i - 1) == '\r' ? i - 1 : i;
                if (i < n || stop > start) {
                    lines.add(head.substring(start, stop));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** Splits a header value at commas that are outside quotes and angle brackets. */
    public static List<String> splitCommaList(String value) {
        List<String> parts = new ArrayList<>(2);
        boolean quoted = false;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && c == ',') {
                String p = value.substring(start, i).trim();
                if (!p.isEmpty()) {
                    parts.add(p);
                }
                start = i + 1;
            }
        }
        String last = value.substring(start).trim();
        if (!last.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }

    /** RFC 3261 token characters. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-.!%*_+`'~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A decimal int up to 9 digits, or -1. */
    static int parseNonNegativeInt(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
