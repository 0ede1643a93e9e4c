package io.voicegather.server.media.tts;

/** How a speak payload is written: the API's {@code payload_type} ({@code text}, the default, or {@code ssml}). */
public enum PayloadType {
    TEXT, SSML;

    /** Maps the wire value; null means the default ({@code text}). Unknown values throw. */
    public static PayloadType fromWire(String value) {
        if (value == null || value.equals("text")) {
            return TEXT;
        }
        if (value.equals("ssml")) {
            return SSML;
        }
        throw new IllegalArgumentException("payload_type must be text or ssml: " + value);
    }
}
