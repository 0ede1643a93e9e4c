package io.voicegather.server.call;

/** Reads the parts of a SIP URI that webhooks report. */
final class SipUris {
    private SipUris() {
    }

    /**
     * The user part of {@code sip:user@host;params} (what Telnyx reports as from/to), or the host when there
     * is no user part. Tolerates angle brackets and a missing scheme.
     */
    static String user(String uri) {
        if (uri == null) {
            return null;
        }
        String s = uri.trim();
        int lt = s.indexOf('<');
        if (lt >= 0) {
            int gt = s.indexOf('>', lt);
            s = s.substring(lt + 1, gt > lt ? gt : s.length());
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && (s.startsWith("sip") || s.startsWith("tel"))) {
            s = s.substring(colon + 1);
        }
        int at = s.indexOf('@');
        String part = at >= 0 ? s.substring(0, at) : s;
        int semi = part.indexOf(';');
        if (semi >= 0) {
            part = part.substring(0, semi);
        }
        if (at < 0) {
            int colonPort = part.indexOf(':');
            if (colonPort >= 0) {
                part = part.substring(0, colonPort);
            }
        }
        return part;
    }
}
