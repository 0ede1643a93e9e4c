package io.voicegather.server.sip;

import java.util.Locale;

/** The parts of a sip:/sips: URI needed to send a request to it. */
public record SipUri(String host, int port, String transport, boolean looseRouting) {

    /** Parses {@code sip:user@host:port;params}; null when not a SIP URI. */
    public static SipUri parse(String uri) {
        if (uri == null) {
            return null;
        }
        String u = uri.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        int schemeLen = lower.startsWith("sip:") ? 4 : lower.startsWith("sips:") ? 5 : -1;
        if (schemeLen < 0) {
            return null;
        }
        String rest = u.substring(schemeLen);
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        int at = rest.lastIndexOf('@');
        String hostPart = at >= 0 ? rest.substring(at + 1) : rest;
        int semi = hostPart.indexOf(';');
        String params = semi < 0 ? "" : hostPart.substring(semi);
        String hostPort = semi < 0 ? hostPart : hostPart.substring(0, semi);
        String host;
        int port = -1;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = hostPort.substring(1, close);
            if (hostPort.length() > close + 2) {
                port = SipParser.parseNonNegativeInt(hostPort.substring(close + 2));
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            if (colon >= 0) {
                port = SipParser.parseNonNegativeInt(hostPort.substring(colon + 1));
                if (port < 0) {
                    return null;
                }
            }
        }
        if (host.isEmpty()) {
            return null;
        }
        String transport = NameAddress.paramOf(params, "transport");
        return new SipUri(host, port, transport == null ? null : transport.toUpperCase(Locale.ROOT),
                NameAddress.paramOf(params, "lr") != null);
    }

    /** The port, defaulting to 5060. */
    public int portOrDefault() {
        return port > 0 ? port : 5060;
    }
}
