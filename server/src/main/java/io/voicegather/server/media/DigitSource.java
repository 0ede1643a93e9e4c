package io.voicegather.server.media;

/** How a DTMF digit reached us. */
public enum DigitSource {
    RFC4733, INBAND, SIP_INFO
}
