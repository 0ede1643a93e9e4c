package io.voicegather.server.http;

/** Building JSON Pointers (RFC 6901) out of object keys the client chose, such as event types. */
final class JsonPointers {
    private JsonPointers() {
    }

    /** One reference token: '~' becomes "~0" and '/' becomes "~1". */
    static String token(String key) {
        if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
            return key;
        }
        return key.replace("~", "~0").replace("/", "~1");
    }
}
