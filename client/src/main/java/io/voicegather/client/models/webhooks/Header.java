package io.voicegather.client.models.webhooks;

/** A SIP header reported in custom_headers or sip_headers. */
public record Header(String name, String value) {
}
