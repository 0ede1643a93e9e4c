package io.voicegather.server.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ordered SIP header fields. Names are compared case-insensitively and compact forms (i, f, t, v, m, l, c,
 * k, s, e, ...) are expanded to their full names when added, so lookups by full name find both.
 */
public final class SipHeaders {
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("i", "Call-ID"), Map.entry("call-id", "Call-ID"),
            Map.entry("f", "From"), Map.entry("from", "From"),
            Map.entry("t", "To"), Map.entry("to", "To"),
            Map.entry("v", "Via"), Map.entry("via", "Via"),
            Map.entry("m", "Contact"), Map.entry("contact", "Contact"),
            Map.entry("l", "Content-Length"), Map.entry("content-length", "Content-Length"),
            Map.entry("c", "Content-Type"), Map.entry("content-type", "Content-Type"),
            Map.entry("k", "Supported"), Map.entry("supported", "Supported"),
            Map.entry("s", "Subject"), Map.entry("subject", "Subject"),
            Map.entry("e", "Content-Encoding"), Map.entry("content-encoding", "Content-Encoding"),
            Map.entry("o", "Event"), Map.entry("event", "Event"),
            Map.entry("r", "Refer-To"), Map.entry("refer-to", "Refer-To"),
            Map.entry("x", "Session-Expires"), Map.entry("session-expires", "Session-Expires"),
            Map.entry("cseq", "CSeq"), Map.entry("max-forwards", "Max-Forwards"),
            Map.entry("record-route", "Record-Route"), Map.entry("route", "Route"),
            Map.entry("require", "Require"), Map.entry("allow", "Allow"), Map.entry("accept", "Accept"),
            Map.entry("user-agent", "User-Agent"), Map.entry("server", "Server"),
            Map.entry("unsupported", "Unsupported"), Map.entry("www-authenticate", "WWW-Authenticate"));

    private final List<String> names = new ArrayList<>(16);
    private final List<String> values = new ArrayList<>(16);

    /** The full, conventionally capitalised name for a header name or compact form. */
    public static String canonicalName(String name) {
        String known = CANONICAL.get(name.toLowerCase(Locale.ROOT));
        return known != null ? known : name;
    }

    public void add(String name, String value) {
        names.add(canonicalName(name));
        values.add(value);
    }

    /** Inserts a field before all others of the same name (used for a new top Via). */
    public void addFirst(String name, String value) {
        String canonical = canonicalName(name);
        int at = indexOf(canonical);
        if (at < 0) {
            add(canonical, value);
        } else {
            names.add(at, canonical);
            values.add(at, value);
        }
    }

    /** Replaces all fields of this name by one (or appends it). */
    public void set(String name, String value) {
        String canonical = canonicalName(name);
        int at = indexOf(canonical);
        remove(canonical);
        if (at < 0 || at > names.size()) {
            add(canonical, value);
        } else {
            names.add(at, canonical);
            values.add(at, value);
        }
    }

    /** Replaces the first field of this name; false if there is none. */
    public boolean replaceFirst(String name, String value) {
        int at = indexOf(canonicalName(name));
        if (at < 0) {
            return false;
        }
        values.set(at, value);
        return true;
    }

    public void remove(String name) {
        String canonical = canonicalName(name);
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(canonical)) {
                names.remove(i);
                values.remove(i);
            }
        }
    }

    /** The first value of the field, or null. */
    public String get(String name) {
        int at = indexOf(canonicalName(name));
        return at < 0 ? null : values.get(at);
    }

    /** All values of the field in order (each header line's value as stored). */
    public List<String> getAll(String name) {
        String canonical = canonicalName(name);
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(canonical)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return indexOf(canonicalName(name)) >= 0;
    }

    public int size() {
        return names.size();
    }

    public String nameAt(int i) {
        return names.get(i);
    }

    public String valueAt(int i) {
        return values.get(i);
    }

    private int indexOf(String canonical) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(canonical)) {
                return i;
            }
        }
        return -1;
    }
}
