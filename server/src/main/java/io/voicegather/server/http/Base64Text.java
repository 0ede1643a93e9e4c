package io.voicegather.server.http;

/**
 * Checks that text is Base64 as client_state must be: either the standard alphabet with correct '=' padding,
 * or the URL-safe alphabet ('-' '_') with correct padding or none. No whitespace or line breaks (Telnyx
 * truncates client_state at a newline, so wrapped Base64 would be silently corrupted).
 */
final class Base64Text {
    private Base64Text() {
    }

    static boolean isValid(String s) {
        int len = s.length();
        int pad = 0;
        while (pad < 2 && pad < len && s.charAt(len - 1 - pad) == '=') {
            pad++;
        }
        int data = len - pad;
        boolean standard = false;
        boolean urlSafe = false;
        for (int i = 0; i < data; i++) {
            char c = s.charAt(i);
            if (c == '+' || c == '/') {
                standard = true;
            } else if (c == '-' || c == '_') {
                urlSafe = true;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false; // includes '=' in the middle, whitespace, anything else
            }
        }
        if (standard && urlSafe) {
            return false; // a mix of both alphabets is not produced by any encoder
        }
        if (data % 4 == 1) {
            return false; // one leftover char cannot encode a byte
        }
        if (pad == 0) {
            // Unpadded text is fine in the URL-safe alphabet (text using neither '+/' nor '-_' may be either);
            // the standard alphabet requires padding.
            return data % 4 == 0 || !standard;
        }
        return len % 4 == 0 && data % 4 == 4 - pad;
    }
}
