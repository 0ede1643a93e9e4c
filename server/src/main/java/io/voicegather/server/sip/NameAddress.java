package io.voicegather.server.sip;

import java.util.Locale;

/**
 * A From/To/Contact/Record-Route value: optional display name, URI, header parameters (e.g. tag).
 * Accepts {@code "Name" <uri>;p}, {@code Name <uri>;p} and bare {@code uri;p}.
 */
public record NameAddress(String displayName, String uri, String params) {

    /** Parses a value; null when no URI can be found. */
    public static NameAddress parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        int lt = indexOfUnquoted(v, '<');
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            if (gt < 0) {
                return null;
            }
            String name = v.substring(0, lt).trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            String uri = v.substring(lt + 1, gt).trim();
            if (uri.isEmpty()) {
                return null;
            }
            return new NameAddress(name.isEmpty() ? null : name, uri, v.substring(gt + 1).trim());
        }
        int semi = v.indexOf(';');
        String uri = semi < 0 ? v : v.substring(0, semi).trim();
        if (uri.isEmpty() || uri.indexOf(':') <= 0) {
            return null;
        }
        return new NameAddress(null, uri, semi < 0 ? "" : v.substring(semi).trim());
    }

    private static int indexOfUnquoted(String s, char target) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == target) {
                return i;
            }
        }
        return -1;
    }

    /** The value of a header parameter such as "tag", or null. */
    public String param(String name) {
        return paramOf(params, name);
    }

    public String tag() {
        return param("tag");
    }

    /** Looks up {@code ;name=value} in a parameter string (case-insensitive name); "" for a flag parameter. */
    static String paramOf(String params, String name) {
        if (params == null || params.isEmpty()) {
            return null;
        }
        for (String p : params.split(";")) {
            String t = p.trim();
            int eq = t.indexOf('=');
            String key = (eq < 0 ? t : t.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (key.equals(name)) {
                return eq < 0 ? "" : t.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
