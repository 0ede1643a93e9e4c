package io.voicegather.server.devphone;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * RFC 6455 framing, server side: the handshake's accept value, reading a client's (masked) frames and writing the
 * server's (unmasked) ones. Pure functions on buffers, so they are tested without a socket.
 */
final class WebSocketFrames {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** One frame as read: its payload already unmasked. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        boolean control() {
            return (opcode & 0x8) != 0;
        }
    }

    /** A frame this server refuses; the connection closes with {@code closeCode}. */
    static final class ProtocolError extends Exception {
        final int closeCode;

        ProtocolError(int closeCode, String message) {
            super(message);
            this.closeCode = closeCode;
        }
    }

    private WebSocketFrames() {
    }

    /** Sec-WebSocket-Accept for a client's Sec-WebSocket-Key (RFC 6455 section 4.2.2). */
    static String acceptValue(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /**
     * The next whole frame in {@code in} (read mode), consumed; or null, nothing consumed, when the frame is not
     * all there yet. Clients must mask (section 5.1); payloads above {@code maxPayload} and malformed control frames
     * are refused.
     */
    static Frame read(ByteBuffer in, int maxPayload) throws ProtocolError {
        int start = in.position();
        if (in.remaining() < 2) {
            return null;
        }
        int b0 = in.get(start) & 0xFF;
        int b1 = in.get(start + 1) & 0xFF;
        if ((b0 & 0x70) != 0) {
            throw new ProtocolError(1002, "reserved bits set (no extension was agreed)");
        }
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        if (!masked) {
            throw new ProtocolError(1002, "client frames must be masked");
        }
        if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY && opcode != CLOSE && opcode != PING
                && opcode != PONG) {
            throw new ProtocolError(1002, "unknown opcode " + opcode);
        }
        long length = b1 & 0x7F;
        int header = 2;
        if (length == 126) {
            if (in.remaining() < 4) {
                return null;
            }
            length = in.getShort(start + 2) & 0xFFFF;
            header = 4;
        } else if (length == 127) {
            if (in.remaining() < 10) {
                return null;
            }
            length = in.getLong(start + 2);
            header = 10;
        }
        if ((opcode & 0x8) != 0 && (length > 125 || !fin)) {
            throw new ProtocolError(1002, "control frames are short and whole");
        }
        if (length < 0 || length > maxPayload) {
            throw new ProtocolError(1009, "frame larger than " + maxPayload + " bytes");
        }
        if (in.remaining() < header + 4 + length) {
            return null;
        }
        byte[] mask = new byte[4];
        in.position(start + header);
        in.get(mask);
        byte[] payload = new byte[(int) length];
        in.get(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame(fin, opcode, payload);
    }

    /** A whole unmasked server frame. */
    static ByteBuffer write(int opcode, byte[] payload) {
        return write(opcode, ByteBuffer.wrap(payload));
    }

    /** A whole unmasked server frame of the payload's remaining bytes (the payload's position is not moved). */
    static ByteBuffer write(int opcode, ByteBuffer payload) {
        int length = payload.remaining();
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer out = ByteBuffer.allocate(header + length);
        out.put((byte) (0x80 | opcode));
        if (length < 126) {
            out.put((byte) length);
        } else if (length <= 0xFFFF) {
            out.put((byte) 126).putShort((short) length);
        } else {
            out.put((byte) 127).putLong(length);
        }
        return out.put(payload.duplicate()).flip();
    }

    /** A close frame's payload: the status code and a short reason. */
    static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + Math.min(text.length, 120));
        b.putShort((short) code).put(text, 0, b.remaining());
        return b.array();
    }
}
