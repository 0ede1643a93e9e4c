package io.voicegather.server.sip;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which TCP connection each live call depends on, so that an idle timeout never cuts the connection our BYE must go
 * out on. The dialogs live in the core, out of the transport's sight, so this is read from the messages the server
 * sends: a provisional or 2xx response to an INVITE binds its Call-ID to the connection it goes out on; a final
 * error response before any 2xx, our BYE, or our 2xx to the caller's BYE (on any connection) releases it; so does the
 * connection's close. Errs towards "in use": a call whose end is not seen keeps its connection under the long rule.
 * Calls are keyed by Call-ID alone (a UAS never sees two dialogs of one INVITE). Loop thread only.
 *
 * @param <O> the connection type
 */
final class TcpCallTracker<O> {
    private static final byte[] SIP_VERSION = "SIP/2.0 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BYE = "BYE ".getBytes(StandardCharsets.US_ASCII);

    private static final class Call<O> {
        final O owner;
        boolean established;

        Call(O owner) {
            this.owner = owner;
        }
    }

    private final Map<String, Call<O>> calls = new HashMap<>();
    private final Map<O, Set<String>> callsByOwner = new HashMap<>();

    /** Looks at one message the server is about to send on {@code via}. */
    void onSent(byte[] m, O via) {
        if (startsWith(m, SIP_VERSION)) {
            onResponseSent(m, via);
        } else if (startsWith(m, BYE)) {
            String callId = headerValue(m, "call-id", "i");
            if (callId != null) {
                release(callId);
            }
        }
    }

    private void onResponseSent(byte[] m, O via) {
        int status = status(m);
        if (status < 100) {
            return;
        }
        int cseqMethod = cseqMethodStart(m);
        if (cseqMethod < 0) {
            return;
        }
        boolean invite = regionIs(m, cseqMethod, "INVITE");
        boolean bye = !invite && regionIs(m, cseqMethod, "BYE");
        if (!invite && !(bye && status >= 200 && status < 300)) {
            return;
        }
        String callId = headerValue(m, "call-id", "i");
        if (callId == null) {
            return;
        }
        if (bye) {
            release(callId);
            return;
        }
        Call<O> call = calls.get(callId);
        if (status < 300) {
            if (call == null) {
                call = new Call<>(via);
                calls.put(callId, call);
                callsByOwner.computeIfAbsent(via, k -> new HashSet<>()).add(callId);
            }
            if (status >= 200) {
                call.established = true;
            }
        } else if (call != null && !call.established) {
            release(callId); // rejected, cancelled or timed out before any 2xx: no dialog
        }
        // an error answer to a re-INVITE leaves an established call as it was
    }

    private void release(String callId) {
        Call<O> call = calls.remove(callId);
        if (call == null) {
            return;
        }
        Set<String> owned = callsByOwner.get(call.owner);
        if (owned != null) {
            owned.remove(callId);
            if (owned.isEmpty()) {
                callsByOwner.remove(call.owner);
            }
        }
    }

    /** The connection is gone: the calls bound to it can no longer be reached over it. */
    void onClosed(O owner) {
        Set<String> owned = callsByOwner.remove(owner);
        if (owned != null) {
            for (String callId : owned) {
                calls.remove(callId);
            }
        }
    }

    boolean carriesCall(O owner) {
        return callsByOwner.containsKey(owner);
    }

    int liveCalls() {
        return calls.size();
    }

    // ---- byte-level reading of our own, well-formed output; nothing here allocates but the Call-ID ----

    private static boolean startsWith(byte[] m, byte[] prefix) {
        if (m.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (m[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The status code of a response start line, or -1. */
    private static int status(byte[] m) {
        int p = SIP_VERSION.length;
        if (m.length < p + 3) {
            return -1;
        }
        int code = 0;
        for (int i = p; i < p + 3; i++) {
            if (m[i] < '0' || m[i] > '9') {
                return -1;
            }
            code = code * 10 + (m[i] - '0');
        }
        return code;
    }

    /** Index of the method in the CSeq value, or -1. */
    private static int cseqMethodStart(byte[] m) {
        int v = valueStart(m, "cseq", null);
        if (v < 0) {
            return -1;
        }
        int p = v;
        while (p < m.length && m[p] >= '0' && m[p] <= '9') {
            p++;
        }
        while (p < m.length && (m[p] == ' ' || m[p] == '\t')) {
            p++;
        }
        return p < m.length ? p : -1;
    }

    /** Whether {@code m} holds exactly the token {@code word} at {@code p} (followed by whitespace or line end). */
    private static boolean regionIs(byte[] m, int p, String word) {
        int end = p + word.length();
        if (end > m.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (m[p + i] != word.charAt(i)) {
                return false;
            }
        }
        return end == m.length || m[end] == '\r' || m[end] == '\n' || m[end] == ' ' || m[end] == '\t';
    }

    private static String headerValue(byte[] m, String lowerName, String compactName) {
        int v = valueStart(m, lowerName, compactName);
        if (v < 0) {
            return null;
        }
        int e = v;
        while (e < m.length && m[e] != '\r' && m[e] != '\n') {
            e++;
        }
        while (e > v && (m[e - 1] == ' ' || m[e - 1] == '\t')) {
            e--;
        }
        return e > v ? new String(m, v, e - v, StandardCharsets.UTF_8) : null;
    }

    /** Start of the first value of the named header (case-insensitive, or its compact form), or -1. */
    private static int valueStart(byte[] m, String lowerName, String compactName) {
        int line = nextLine(m, 0);
        while (line >= 0 && line < m.length && m[line] != '\r' && m[line] != '\n') {
            int colon = nameEnd(m, line, lowerName);
            if (colon < 0 && compactName != null) {
                colon = nameEnd(m, line, compactName);
            }
            if (colon >= 0) {
                int p = colon + 1;
                while (p < m.length && (m[p] == ' ' || m[p] == '\t')) {
                    p++;
                }
                return p;
            }
            line = nextLine(m, line);
        }
        return -1;
    }

    /** The index of the colon when the line at {@code p} is header {@code lowerName}, else -1. */
    private static int nameEnd(byte[] m, int p, String lowerName) {
        int n = lowerName.length();
        if (p + n >= m.length) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            int c = m[p + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return -1;
            }
        }
        int q = p + n;
        while (q < m.length && (m[q] == ' ' || m[q] == '\t')) {
            q++;
        }
        return q < m.length && m[q] == ':' ? q : -1;
    }

    /** Start of the line after the one at {@code p}, or -1 at the end. */
    private static int nextLine(byte[] m, int p) {
        while (p < m.length && m[p] != '\n') {
            p++;
        }
        return p < m.length ? p + 1 : -1;
    }
}
