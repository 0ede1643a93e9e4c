package io.voicegather.server.http;

/**
 * Maps a raw request path to an endpoint. The call_control_id is returned still percent-encoded so that the
 * caller decides when to decode (after authentication).
 */
final class Router {
    static final String BASE = "/v2";

    /** A matched route; rawCallControlId is null for endpoints without one. */
    record Match(Endpoint endpoint, String rawCallControlId) {
    }

    private Router() {
    }

    static boolean underBase(String rawPath) {
        return rawPath.equals(BASE) || rawPath.startsWith(BASE + "/");
    }

    /** @return the match, or null when no endpoint has this path */
    static Match match(String rawPath) {
        if (!underBase(rawPath)) {
            return null;
        }
        String path = rawPath.substring(BASE.length());
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1); // one trailing slash is tolerated
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        String[] s = path.substring(1).split("/", -1);
        for (String segment : s) {
            if (segment.isEmpty()) {
                return null;
            }
        }
        if (s.length == 1 && s[0].equals("public_key")) {
            return new Match(Endpoint.PUBLIC_KEY, null);
        }
        if (s.length == 1 && s[0].equals("openapi.json")) {
            return new Match(Endpoint.OPENAPI_DOCUMENT, null);
        }
        if (!s[0].equals("calls")) {
            return null;
        }
        if (s.length == 2) {
            return new Match(Endpoint.RETRIEVE_CALL, s[1]);
        }
        if (s.length == 4 && s[2].equals("actions")) {
            Endpoint action = Endpoint.forAction(s[3]);
            return action == null ? null : new Match(action, s[1]);
        }
        return null;
    }
}
