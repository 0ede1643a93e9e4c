package io.voicegather.server.devphone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev phone's WebSocket server against a real socket: RFC 6455's own examples, limits and refusals. */
class WebSocketServerTest {
    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final int CONSOLE_PORT = 8080;

    private final CountDownLatch closed = new CountDownLatch(1);
    private WebSocketServer server;

    @BeforeEach
    void start() throws IOException {
        // an echo endpoint: text comes back in capitals, binary reversed
        server = new WebSocketServer(InetAddress.getLoopbackAddress(), 0, "/phone/ws", "vg_console",
                "good-session"::equals, () -> CONSOLE_PORT, c -> new WebSocketServer.Listener() {
                    @Override
                    public void onText(String text) {
                        c.sendText(text.toUpperCase());
                    }

                    @Override
                    public void onBinary(byte[] data) {
                        byte[] r = new byte[data.length];
                        for (int i = 0; i < data.length; i++) {
                            r[i] = data[data.length - 1 - i];
                        }
                        c.sendBinary(ByteBuffer.wrap(r));
                    }

                    @Override
                    public void onClose() {
                        closed.countDown();
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theAcceptValueIsRfc6455sExample() {
        assertThat(WebSocketFrames.acceptValue(RFC_KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void handshakeThenMaskedTextBinaryPingAndClose() throws Exception {
        try (Socket s = open()) {
            String head = handshake(s, "vg_console=good-session", "http://127.0.0.1:" + CONSOLE_PORT);
            assertThat(head).startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            // RFC 6455 section 5.7: a masked "Hello"
            out.write(new byte[] {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d,
                    0x51, 0x58});
            assertThat(readFrame(in)).isEqualTo(new Reply(0x1, "HELLO".getBytes(StandardCharsets.UTF_8)));
            // 300 bytes: the 16-bit length form both ways
            byte[] data = new byte[300];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) i;
            }
            out.write(masked(0x2, data));
            Reply binary = readFrame(in);
            assertThat(binary.opcode()).isEqualTo(0x2);
            assertThat(binary.payload()).hasSize(300).startsWith((byte) 43, (byte) 42);
            out.write(masked(0x9, "are you there".getBytes(StandardCharsets.UTF_8)));
            assertThat(readFrame(in)).isEqualTo(new Reply(0xA, "are you there".getBytes(StandardCharsets.UTF_8)));
            out.write(masked(0x8, new byte[] {0x03, (byte) 0xE8}));
            assertThat(readFrame(in).opcode()).isEqualTo(0x8);
            assertThat(in.read()).as("the server closes after its close frame").isEqualTo(-1);
            assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aMessageInFragmentsArrivesWholeWithAPingBetween() throws Exception {
        try (Socket s = open()) {
            handshake(s, "vg_console=good-session", "http://127.0.0.1:" + CONSOLE_PORT);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(masked(false, 0x1, "Hel".getBytes(StandardCharsets.UTF_8)));
            out.write(masked(0x9, "mid".getBytes(StandardCharsets.UTF_8)));
            out.write(masked(false, 0x0, "lo, ".getBytes(StandardCharsets.UTF_8)));
            out.write(masked(true, 0x0, "world".getBytes(StandardCharsets.UTF_8)));
            assertThat(readFrame(in)).isEqualTo(new Reply(0xA, "mid".getBytes(StandardCharsets.UTF_8)));
            assertThat(readFrame(in)).isEqualTo(new Reply(0x1, "HELLO, WORLD".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aFrameArrivingByteByByteIsReadWhole() throws Exception {
        try (Socket s = open()) {
            handshake(s, "vg_console=good-session", "http://127.0.0.1:" + CONSOLE_PORT);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (byte b : masked(0x1, "slow".getBytes(StandardCharsets.UTF_8))) {
                out.write(b);
                out.flush();
            }
            assertThat(readFrame(new DataInputStream(s.getInputStream())))
                    .isEqualTo(new Reply(0x1, "SLOW".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aContinuationOfNoMessageIsAProtocolError() throws Exception {
        try (Socket s = open()) {
            handshake(s, "vg_console=good-session", "http://127.0.0.1:" + CONSOLE_PORT);
            s.getOutputStream().write(masked(true, 0x0, "lost".getBytes(StandardCharsets.UTF_8)));
            Reply close = readFrame(new DataInputStream(s.getInputStream()));
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(ByteBuffer.wrap(close.payload()).getShort()).isEqualTo((short) 1002);
        }
    }

    @Test
    void anUnmaskedClientFrameIsAProtocolError() throws Exception {
        try (Socket s = open()) {
            handshake(s, "vg_console=good-session", "http://127.0.0.1:" + CONSOLE_PORT);
            s.getOutputStream().write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});
            Reply close = readFrame(new DataInputStream(s.getInputStream()));
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(ByteBuffer.wrap(close.payload()).getShort()).isEqualTo((short) 1002);
        }
    }

    @Test
    void aFrameAboveTheLimitIsRefusedWith1009() throws Exception {
        try (Socket s = open()) {
            handshake(s, "vg_console=good-session", "http://127.0.0.1:" + CONSOLE_PORT);
            s.getOutputStream().write(masked(0x2, new byte[WebSocketServer.MAX_MESSAGE_BYTES + 1]));
            Reply close = readFrame(new DataInputStream(s.getInputStream()));
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(ByteBuffer.wrap(close.payload()).getShort()).isEqualTo((short) 1009);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no cookie                 | ''                          | http://127.0.0.1:8080 | 401",
            "a session that is not one | vg_console=forged           | http://127.0.0.1:8080 | 401",
            "another site's page       | vg_console=good-session     | http://evil.example   | 403",
            "another port of the host  | vg_console=good-session     | http://127.0.0.1:9999 | 403",
            "no origin                 | vg_console=good-session     | ''                    | 403",
    })
    void aHandshakeIsRefused(String why, String cookie, String origin, int status) throws Exception {
        try (Socket s = open()) {
            String head = handshake(s, cookie, origin);
            assertThat(head).startsWith("HTTP/1.1 " + status + " ");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void anotherPathIs404() throws Exception {
        try (Socket s = open()) {
            s.getOutputStream().write(("GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + RFC_KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 404 ");
        }
    }

    private Socket open() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String handshake(Socket s, String cookie, String origin) throws IOException {
        String request = "GET /phone/ws HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + RFC_KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                + (cookie.isEmpty() ? "" : "Cookie: other=1; " + cookie + "\r\n")
                + (origin.isEmpty() ? "" : "Origin: " + origin + "\r\n") + "\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return readHead(s.getInputStream());
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private static byte[] masked(int opcode, byte[] payload) {
        return masked(true, opcode, payload);
    }

    private static byte[] masked(boolean fin, int opcode, byte[] payload) {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        int header = payload.length < 126 ? 2 : payload.length <= 0xFFFF ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + 4 + payload.length);
        b.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (payload.length < 126) {
            b.put((byte) (0x80 | payload.length));
        } else if (payload.length <= 0xFFFF) {
            b.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            b.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        b.put(mask);
        for (int i = 0; i < payload.length; i++) {
            b.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return b.array();
    }

    private record Reply(int opcode, byte[] payload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Reply r && r.opcode == opcode && java.util.Arrays.equals(r.payload, payload);
        }

        @Override
        public int hashCode() {
            return opcode;
        }

        @Override
        public String toString() {
            return opcode + ":" + new String(payload, StandardCharsets.ISO_8859_1);
        }
    }

    private static Reply readFrame(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertThat(b1 & 0x80).as("server frames are not masked").isZero();
        int length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = (int) in.readLong();
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Reply(b0 & 0x0F, payload);
    }
}
