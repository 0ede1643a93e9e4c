package io.voicegather.server.sip;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A header field the application adds to the 200 OK of an INVITE (answer's custom_headers and sip_headers).
 * The constructor refuses only what would break the message (a name that is not a token, CR, LF or NUL in the
 * value); {@link #stackOwns} tells which names the request parser must refuse because the stack writes them.
 */
public record ExtraHeader(String name, String value) {
    /**
     * Header fields that the stack writes itself or whose meaning it would have to honour (dialog, transaction,
     * routing, body framing, capabilities, authentication, session timers). Compared on the canonical full name.
     */
    private static final Set<String> OWNED = Set.of("via", "from", "to", "call-id", "cseq", "contact",
            "max-forwards", "record-route", "route", "allow", "allow-events", "supported", "require",
            "proxy-require", "unsupported", "server", "accept", "accept-encoding", "accept-language", "mime-version",
            "rseq", "rack", "session-expires", "min-se", "www-authenticate", "proxy-authenticate", "authorization",
            "proxy-authorization");

    public ExtraHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!SipParser.isToken(name)) {
            throw new IllegalArgumentException("header name is not a SIP token: " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header value of " + name + " contains CR, LF or NUL");
            }
        }
    }

    /**
     * Whether the stack owns this header name (full or compact form, any case): Via, From, To, Call-ID, CSeq,
     * Contact, every Content-*, Max-Forwards, Record-Route, Route, Allow, Supported, Require and the like.
     */
    public static boolean stackOwns(String name) {
        String canonical = SipHeaders.canonicalName(name).toLowerCase(Locale.ROOT);
        return OWNED.contains(canonical) || canonical.startsWith("content-");
    }
}
