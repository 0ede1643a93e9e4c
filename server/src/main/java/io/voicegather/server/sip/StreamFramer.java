package io.voicegather.server.sip;

/**
 * Finds where a SIP message ends on a stream transport: at the blank line after the headers plus Content-Length
 * bytes of body (RFC 3261 §18.3; a missing Content-Length means no body). It remembers how far the current message
 * has been searched, so a message that arrives a byte at a time costs about one look per byte rather than a rescan
 * from its start on every read; once the headers are complete, the Content-Length is read once and the rest is
 * arithmetic. One framer per connection; call {@link #reset()} when the message has been taken. Not thread-safe.
 */
final class StreamFramer {
    /** Bytes of the current message already searched for the blank line. */
    private int searched;
    /** The current message's total length once its headers are complete, else -1. */
    private int messageLength = -1;
    /** Every byte this framer has looked at, counted so tests can prove the work stays linear. */
    private long inspected;

    /**
     * The length of the message that starts at {@code data[start]} (not a CR or LF) and whose bytes so far end at
     * {@code end}, or -1 while it is incomplete. Between calls for one message, {@code start} may move (the buffer
     * was compacted) and {@code end} may only grow relative to it.
     *
     * @throws SipParseException when the headers or the message are over {@link SipParser#MAX_MESSAGE_BYTES}, or the
     *                           Content-Length is not a number; suggested status 513 for the size limits
     */
    int completeLength(byte[] data, int start, int end) throws SipParseException {
        int available = end - start;
        if (messageLength < 0) {
            int bodyStart = findBodyStart(data, start, end);
            if (bodyStart < 0) {
                if (available > SipParser.MAX_MESSAGE_BYTES) {
                    throw new SipParseException("header section too large", null, 513);
                }
                return -1;
            }
            long total = (long) (bodyStart - start) + contentLength(data, start, bodyStart);
            if (total > SipParser.MAX_MESSAGE_BYTES) {
                throw new SipParseException("message too large", null, 513);
            }
            messageLength = (int) total;
        }
        return messageLength <= available ? messageLength : -1;
    }

    /** Forgets the current message: the next call frames a new one. */
    void reset() {
        searched = 0;
        messageLength = -1;
    }

    /** Bytes looked at since this framer was made. */
    long inspectedBytes() {
        return inspected;
    }

    /**
     * Resumes the search for the blank line (LF LF or LF CR LF) where the last call stopped; returns the index just
     * after it, or -1. Each new byte is read once, plus at most two bytes of look-back at each LF.
     */
    private int findBodyStart(byte[] data, int start, int end) {
        for (int k = start + searched; k < end; k++) {
            inspected++;
            if (data[k] != '\n') {
                continue;
            }
            if (k - 1 >= start) {
                inspected++;
                if (data[k - 1] == '\n') {
                    return k + 1;
                }
                if (data[k - 1] == '\r' && k - 2 >= start) {
                    inspected++;
                    if (data[k - 2] == '\n') {
                        return k + 1;
                    }
                }
            }
        }
        searched = end - start;
        return -1;
    }

    /** The last Content-Length (or compact "l") value in the header lines before {@code bodyStart}; 0 when none. */
    private int contentLength(byte[] data, int start, int bodyStart) throws SipParseException {
        int contentLength = 0;
        int line = start;
        while (line < bodyStart) {
            int lf = line;
            while (lf < bodyStart && data[lf] != '\n') {
                lf++;
            }
            inspected += lf - line + 1;
            int lineEnd = lf > line && data[lf - 1] == '\r' ? lf - 1 : lf;
            int colon = indexOf(data, line, lineEnd, (byte) ':');
            if (colon > line && isContentLengthName(data, line, colon)) {
                contentLength = parseValue(data, colon + 1, lineEnd);
                if (contentLength < 0) {
                    throw new SipParseException("bad Content-Length");
                }
            }
            line = lf + 1;
        }
        return contentLength;
    }

    private static int indexOf(byte[] data, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte b) {
        return (b & 0xff) <= ' ';
    }

    /** Whether {@code data[from..to)}, trimmed, is "Content-Length" (any case) or "l"/"L". */
    private static boolean isContentLengthName(byte[] data, int from, int to) {
        while (from < to && isBlank(data[from])) {
            from++;
        }
        while (to > from && isBlank(data[to - 1])) {
            to--;
        }
        return regionIgnoreCase(data, from, to, "content-length") || regionIgnoreCase(data, from, to, "l");
    }

    private static boolean regionIgnoreCase(byte[] data, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = data[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The trimmed decimal value in {@code data[from..to)}: at most 9 digits, else -1. */
    private static int parseValue(byte[] data, int from, int to) {
        while (from < to && isBlank(data[from])) {
            from++;
        }
        while (to > from && isBlank(data[to - 1])) {
            to--;
        }
        if (to == from || to - from > 9) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            if (data[i] < '0' || data[i] > '9') {
                return -1;
            }
            v = v * 10 + (data[i] - '0');
        }
        return v;
    }
}
