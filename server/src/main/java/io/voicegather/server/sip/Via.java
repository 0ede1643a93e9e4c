package io.voicegather.server.sip;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One Via entry: {@code SIP/2.0/UDP host:port;branch=z9hG4bK...;rport}. Parameters keep their order. */
public final class Via {
    private final String transport;
    private final String host;
    private final int port;
    private final Map<String, String> params;

    private Via(String transport, String host, int port, Map<String, String> params) {
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.params = params;
    }

    public static Via of(String transport, String host, int port, String branch) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("branch", branch);
        return new Via(transport, host, port, p);
    }

    /** Parses one Via entry; null when malformed. */
    public static Via parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(";");
        if (parts.length == 0) {
            return null; // only semicolons: split drops the trailing empty strings
        }
        String sentProtocolAndBy = parts[0].trim();
        int slash2 = sentProtocolAndBy.indexOf('/', sentProtocolAndBy.indexOf('/') + 1);
        if (slash2 < 0) {
            return null;
        }
        String rest = sentProtocolAndBy.substring(slash2 + 1).trim();
        int ws = indexOfWhitespace(rest);
        if (ws <= 0) {
            return null;
        }
        String transport = rest.substring(0, ws).toUpperCase(Locale.ROOT);
        String sentBy = rest.substring(ws).trim();
        String host;
        int port = -1;
        if (sentBy.startsWith("[")) {
            int close = sentBy.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = sentBy.substring(0, close + 1);
            if (sentBy.length() > close + 2 && sentBy.charAt(close + 1) == ':') {
                port = SipParser.parseNonNegativeInt(sentBy.substring(close + 2).trim());
            }
        } else {
            int colon = sentBy.indexOf(':');
            host = colon < 0 ? sentBy : sentBy.substring(0, colon).trim();
            if (colon >= 0) {
                port = SipParser.parseNonNegativeInt(sentBy.substring(colon + 1).trim());
                if (port < 0 || port > 65535) {
                    return null;
                }
            }
        }
        if (host.isEmpty()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                params.put(p.toLowerCase(Locale.ROOT), null);
            } else {
                params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
            }
        }
        return new Via(transport, host, port, params);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    public String transport() {
        return transport;
    }

    public String host() {
        return host;
    }

    /** The sent-by port, or -1 when absent. */
    public int port() {
        return port;
    }

    public String branch() {
        return params.get("branch");
    }

    public boolean hasParam(String name) {
        return params.containsKey(name);
    }

    public String param(String name) {
        return params.get(name);
    }

    public void setParam(String name, String value) {
        params.put(name, value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(96).append("SIP/2.0/").append(transport).append(' ').append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(';').append(e.getKey());
            if (e.getValue() != null) {
                sb.append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }
}
