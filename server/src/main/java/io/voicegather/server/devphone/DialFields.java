package io.voicegather.server.devphone;

import java.util.regex.Pattern;

/**
 * The dev phone's two fields, the number called and the caller id, become the user parts of the INVITE's
 * Request-URI/To and From. Only characters a SIP user part takes unescaped are accepted, so what the page shows is
 * what the application gets in {@code to} and {@code from} (docs/dev-phone.md).
 */
final class DialFields {
    static final int MAX_LENGTH = 32;
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9+._*-]{1," + MAX_LENGTH + "}");

    private DialFields() {
    }

    /** Null when {@code value} is a good {@code field}, else what is wrong, for the page. */
    static String problem(String field, String value) {
        if (value == null || value.isEmpty()) {
            return field + " is empty";
        }
        if (!USER.matcher(value).matches()) {
            return field + " takes 1 to " + MAX_LENGTH + " of the characters 0-9 A-Z a-z + . _ * -";
        }
        return null;
    }
}
