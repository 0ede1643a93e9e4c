package io.voicegather.client.errors;

/**
 * One entry of an error body {@code {"errors":[{"code","title","detail","source":{"pointer"}}]}}.
 *
 * @param code    Telnyx error code as text, e.g. "90015"
 * @param title   short title
 * @param detail  human-readable detail; may be null
 * @param pointer JSON pointer of the offending field, e.g. "/maximum_digits"; may be null
 */
public record ErrorDetail(String code, String title, String detail, String pointer) {
}
