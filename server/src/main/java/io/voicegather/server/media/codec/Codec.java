package io.voicegather.server.media.codec;

/** The G.711 codecs we send and receive, with their static RTP payload types (RFC 3551). */
public enum Codec {
    PCMU(0, (byte) 0xFF),
    PCMA(8, (byte) 0xD5);

    /** G.711 runs at 8 kHz: one sample per RTP timestamp unit, one byte per sample. */
    public static final int CLOCK_RATE = 8000;

    private final int staticPayloadType;
    private final byte silence;

    Codec(int staticPayloadType, byte silence) {
        this.staticPayloadType = staticPayloadType;
        this.silence = silence;
    }

    /** The payload type assigned by RFC 3551 (0 for PCMU, 8 for PCMA). */
    public int staticPayloadType() {
        return staticPayloadType;
    }

    /** The encoded form of linear zero. */
    public byte silence() {
        return silence;
    }

    /** Encodes one 16-bit linear sample. */
    public byte encode(short linear) {
        return this == PCMU ? G711.linearToUlaw(linear) : G711.linearToAlaw(linear);
    }

    /** Decodes one code to a 16-bit linear sample. */
    public short decode(byte code) {
        return this == PCMU ? G711.ulawToLinear(code) : G711.alawToLinear(code);
    }

    /** Encodes {@code count} samples into {@code out} starting at {@code outOffset}. */
    public void encode(short[] pcm, int offset, int count, byte[] out, int outOffset) {
        if (this == PCMU) {
            G711.linearToUlaw(pcm, offset, count, out, outOffset);
        } else {
            G711.linearToAlaw(pcm, offset, count, out, outOffset);
        }
    }

    /** Returns the codec whose static payload type is {@code payloadType}, or null. */
    public static Codec forStaticPayloadType(int payloadType) {
        for (Codec codec : values()) {
            if (codec.staticPayloadType == payloadType) {
                return codec;
            }
        }
        return null;
    }
}
