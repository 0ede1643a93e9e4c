package io.voicegather.client.models.calls.actions;

/** A SIP header of answer's sip_headers (Telnyx allows only User-to-User). */
public record SipHeader(String name, String value) {
}
