package io.voicegather.server.sip.sdp;

/** The offer cannot be parsed or has no usable audio stream/codec; the caller should answer 488. */
public final class SdpNegotiationException extends Exception {
    public SdpNegotiationException(String message) {
        super(message);
    }
}
