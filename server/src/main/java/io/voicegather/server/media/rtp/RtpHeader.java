package io.voicegather.server.media.rtp;

import java.nio.ByteBuffer;

/**
 * Static readers and a writer for the RTP fixed header (RFC 3550 §5.1), working in place on a byte array or a
 * ByteBuffer (absolute indexes, position untouched) so the packet path never allocates. Sequence numbers are
 * returned as 0..65535, payload types as 0..127, timestamps and SSRCs as raw 32-bit ints.
 */
public final class RtpHeader {
    /** Size of the fixed header without CSRCs or extension. */
    public static final int FIXED_LENGTH = 12;
    public static final int VERSION = 2;

    private RtpHeader() {
    }

    // ---- byte[] forms ----

    public static int version(byte[] p, int off) {
        return (p[off] & 0xC0) >>> 6;
    }

    public static boolean padding(byte[] p, int off) {
        return (p[off] & 0x20) != 0;
    }

    public static boolean extension(byte[] p, int off) {
        return (p[off] & 0x10) != 0;
    }

    public static int csrcCount(byte[] p, int off) {
        return p[off] & 0x0F;
    }

    public static boolean marker(byte[] p, int off) {
        return (p[off + 1] & 0x80) != 0;
    }

    public static int payloadType(byte[] p, int off) {
        return p[off + 1] & 0x7F;
    }

    public static int sequence(byte[] p, int off) {
        return ((p[off + 2] & 0xFF) << 8) | (p[off + 3] & 0xFF);
    }

    public static int timestamp(byte[] p, int off) {
        return readInt(p, off + 4);
    }

    public static int ssrc(byte[] p, int off) {
        return readInt(p, off + 8);
    }

    /**
     * Length of the whole header (fixed part, CSRCs and header extension), or -1 when the packet is too short for
     * what its header announces or is not RTP version 2.
     */
    public static int headerLength(byte[] p, int off, int len) {
        if (len < FIXED_LENGTH || version(p, off) != VERSION) {
            return -1;
        }
        int length = FIXED_LENGTH + 4 * csrcCount(p, off);
        if (extension(p, off)) {
            if (len < length + 4) {
                return -1;
            }
            int words = ((p[off + length + 2] & 0xFF) << 8) | (p[off + length + 3] & 0xFF);
            length += 4 + 4 * words;
        }
        return length <= len ? length : -1;
    }

    /** Number of payload bytes after the header and before any padding, or -1 when the packet is malformed. */
    public static int payloadLength(byte[] p, int off, int len) {
        int header = headerLength(p, off, len);
        if (header < 0) {
            return -1;
        }
        int padding = 0;
        if (padding(p, off)) {
            padding = p[off + len - 1] & 0xFF;
            if (padding == 0) {
                return -1;
            }
        }
        int payload = len - header - padding;
        return payload >= 0 ? payload : -1;
    }

    /**
     * Writes a 12-byte header with no padding, extension or CSRCs; returns {@link #FIXED_LENGTH}.
     */
    public static int write(byte[] p, int off, boolean marker, int payloadType, int sequence, int timestamp, int ssrc) {
        p[off] = (byte) (VERSION << 6);
        p[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        p[off + 2] = (byte) (sequence >>> 8);
        p[off + 3] = (byte) sequence;
        writeInt(p, off + 4, timestamp);
        writeInt(p, off + 8, ssrc);
        return FIXED_LENGTH;
    }

    // ---- ByteBuffer forms (absolute; work on heap and direct buffers) ----

    public static int version(ByteBuffer b, int off) {
        return (b.get(off) & 0xC0) >>> 6;
    }

    public static boolean padding(ByteBuffer b, int off) {
        return (b.get(off) & 0x20) != 0;
    }

    public static boolean extension(ByteBuffer b, int off) {
        return (b.get(off) & 0x10) != 0;
    }

    public static int csrcCount(ByteBuffer b, int off) {
        return b.get(off) & 0x0F;
    }

    public static boolean marker(ByteBuffer b, int off) {
        return (b.get(off + 1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuffer b, int off) {
        return b.get(off + 1) & 0x7F;
    }

    public static int sequence(ByteBuffer b, int off) {
        return b.getShort(off + 2) & 0xFFFF;
    }

    public static int timestamp(ByteBuffer b, int off) {
        return b.getInt(off + 4);
    }

    public static int ssrc(ByteBuffer b, int off) {
        return b.getInt(off + 8);
    }

    /** As {@link #headerLength(byte[], int, int)}; the buffer must be big-endian (the default). */
    public static int headerLength(ByteBuffer b, int off, int len) {
        if (len < FIXED_LENGTH || version(b, off) != VERSION) {
            return -1;
        }
        int length = FIXED_LENGTH + 4 * csrcCount(b, off);
        if (extension(b, off)) {
            if (len < length + 4) {
                return -1;
            }
            length += 4 + 4 * (b.getShort(off + length + 2) & 0xFFFF);
        }
        return length <= len ? length : -1;
    }

    public static int payloadLength(ByteBuffer b, int off, int len) {
        int header = headerLength(b, off, len);
        if (header < 0) {
            return -1;
        }
        int padding = 0;
        if (padding(b, off)) {
            padding = b.get(off + len - 1) & 0xFF;
            if (padding == 0) {
                return -1;
            }
        }
        int payload = len - header - padding;
        return payload >= 0 ? payload : -1;
    }

    public static int write(ByteBuffer b, int off, boolean marker, int payloadType, int sequence, int timestamp,
                            int ssrc) {
        b.put(off, (byte) (VERSION << 6));
        b.put(off + 1, (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F)));
        b.putShort(off + 2, (short) sequence);
        b.putInt(off + 4, timestamp);
        b.putInt(off + 8, ssrc);
        return FIXED_LENGTH;
    }

    /** Signed distance from {@code from} to {@code to} in 16-bit sequence space (RFC 1982 style). */
    public static int sequenceDelta(int from, int to) {
        return (short) (to - from);
    }

    private static int readInt(byte[] p, int off) {
        return ((p[off] & 0xFF) << 24) | ((p[off + 1] & 0xFF) << 16) | ((p[off + 2] & 0xFF) << 8) | (p[off + 3] & 0xFF);
    }

    private static void writeInt(byte[] p, int off, int value) {
        p[off] = (byte) (value >>> 24);
        p[off + 1] = (byte) (value >>> 16);
        p[off + 2] = (byte) (value >>> 8);
        p[off + 3] = (byte) value;
    }
}
