package io.voicegather.server.store.media;

/**
 * The naming rule for media_name: 1 to 128 characters from {@code A-Z a-z 0-9 . _ -}, starting with a letter or
 * digit. Names are case-sensitive. The rule keeps names URL-safe and unambiguous; it is not what protects the
 * file system (files are named by a random id), but it also rules out "..", "a/b" and the like.
 */
public final class MediaNames {
    public static final int MAX_LENGTH = 128;

    private MediaNames() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !isAlphanumeric(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Throws INVALID_NAME unless {@link #isValid}. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new MediaStoreException(MediaStoreException.Reason.INVALID_NAME,
                    "media_name must be 1 to " + MAX_LENGTH + " characters from A-Z, a-z, 0-9, '.', '_' and '-',"
                            + " starting with a letter or digit.");
        }
        return name;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
