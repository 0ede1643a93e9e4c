package io.voicegather.api.command;

/**
 * The sixteen keys a phone can send, {@code 0-9 * # A-D}: the one place their alphabet, their RFC 4733 event codes
 * and their places on the keypad are written down.
 *
 * <p>Event codes (RFC 4733 §3.2): {@code 0}-{@code 9} are 0-9, {@code *} is 10, {@code #} is 11, {@code A}-{@code D}
 * are 12-15; other events (flash, tones) are not keys. Keypad (Q.23): four rows of four, {@code 1 2 3 A},
 * {@code 4 5 6 B}, {@code 7 8 9 C}, {@code * 0 # D}; a key's row and column give its two tones.
 */
public final class DtmfKey {
    /** Every key, in event-code order: the key at index n is event n. */
    public static final String ALL = "0123456789*#ABCD";
    /** What {@link #fromEventCode} and {@link #atKeypadPosition} answer for "no key". */
    public static final char NONE = 0;

    /** Every key, in keypad order (row by row): the key at index n is at {@link #keypadPosition} n. */
    public static final String KEYPAD = "123A456B789C*0#D";

    private DtmfKey() {
    }

    /** Whether {@code c} is one of the sixteen keys (upper case {@code A-D} only). */
    public static boolean isKey(char c) {
        return ALL.indexOf(c) >= 0;
    }

    /** The key of a telephone-event code, or {@link #NONE} for an event that is not a key. */
    public static char fromEventCode(int code) {
        return code >= 0 && code < ALL.length() ? ALL.charAt(code) : NONE;
    }

    /** The telephone-event code of a key, or -1 when {@code c} is not a key. */
    public static int eventCode(char c) {
        return ALL.indexOf(c);
    }

    /** The key's place on the keypad, row × 4 + column (0-15), or -1 when {@code c} is not a key. */
    public static int keypadPosition(char c) {
        return KEYPAD.indexOf(c);
    }

    /** The key at a keypad place (row × 4 + column), or {@link #NONE} outside 0-15. */
    public static char atKeypadPosition(int position) {
        return position >= 0 && position < KEYPAD.length() ? KEYPAD.charAt(position) : NONE;
    }
}
