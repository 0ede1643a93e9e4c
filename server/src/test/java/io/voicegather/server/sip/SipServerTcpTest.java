package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SipServerTcpTest {
    RecordingHandler handler;
    SipServer server;

    @BeforeEach
    void start() throws Exception {
        handler = new RecordingHandler();
        server = new SipServer(InetAddress.getLoopbackAddress(), 0, "127.0.0.1", handler, new SipTimers(100, 400, 200),
                null, 3);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Minimal stream client that frames by Content-Length using the parser under test. */
    static final class TcpClient implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        byte[] buf = new byte[70000];
        int filled;

        TcpClient(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        SipMessage read() throws Exception {
            socket.setSoTimeout(5000);
            while (true) {
                int start = 0;
                while (start < filled && (buf[start] == '\r' || buf[start] == '\n')) {
                    start++;
                }
                int len = SipParser.completeLength(buf, start, filled - start);
                if (len > 0) {
                    SipMessage m = SipParser.parse(buf, start, len);
                    System.arraycopy(buf, start + len, buf, 0, filled - start - len);
                    filled -= start + len;
                    return m;
                }
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    throw new AssertionError("connection closed");
                }
                filled += n;
            }
        }

        SipMessage readUntil(int status, String cseqMethod) throws Exception {
            while (true) {
                SipMessage m = read();
                if (!m.isRequest() && m.statusCode() == status && m.cseq().method().equals(cseqMethod)) {
                    return m;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String tcp(String udpMessage) {
        return udpMessage.replace("SIP/2.0/UDP", "SIP/2.0/TCP");
    }

    @Test
    void basicCallOverTcpWithPartialWritesAndKeepAlives() throws Exception {
        handler.autoAnswerSdp = SipServerUdpTest.ANSWER;
        try (TcpClient c = new TcpClient(server.port()); TestUac script = new TestUac(server.port())) {
            String invite = tcp(script.request("INVITE", 1, script.newBranch(), null, "application/sdp",
                    TestUac.offer(30000)));
            c.send("\r\n\r\n"); // keep-alive before anything
            int cut = invite.length() / 3;
            c.send(invite.substring(0, cut));
            Thread.sleep(50);
            c.send(invite.substring(cut, cut * 2));
            Thread.sleep(50);
            c.send(invite.substring(cut * 2));
            assertThat(c.read().statusCode()).isEqualTo(100);
            SipMessage ok = c.readUntil(200, "INVITE");
            assertThat(ok.header("Contact")).isEqualTo("<sip:127.0.0.1:" + server.port() + ";transport=tcp>");
            assertThat(ok.bodyText()).isEqualTo(SipServerUdpTest.ANSWER);
            script.toTag = NameAddress.parse(ok.header("To")).tag();
            assertThat(handler.next()).startsWith("invite");
            assertThat(handler.lastSession().transport()).isEqualTo("TCP");
            // ACK and an INFO in one segment, then a keep-alive
            c.send(tcp(script.request("ACK", 1, script.newBranch(), null, null, null))
                    + tcp(script.request("INFO", 2, script.newBranch(), null, "application/dtmf", "3")) + "\r\n\r\n");
            assertThat(handler.next()).startsWith("ack");
            c.readUntil(200, "INFO");
            assertThat(handler.next()).isEqualTo("digit 3 250");

            handler.lastSession().bye();
            SipMessage bye = c.read();
            assertThat(bye.method()).isEqualTo("BYE");
            assertThat(bye.topVia()).startsWith("SIP/2.0/TCP ");
            String okBye = "SIP/2.0 200 OK\r\nVia: " + bye.topVia() + "\r\nFrom: " + bye.header("From")
                    + "\r\nTo: " + bye.header("To") + "\r\nCall-ID: " + bye.callId() + "\r\nCSeq: "
                    + bye.header("CSeq") + "\r\nContent-Length: 0\r\n\r\n";
            c.send(okBye);
            // no retransmission over TCP
            c.socket.setSoTimeout(600);
            try {
                int n = c.in.read(c.buf, c.filled, c.buf.length - c.filled);
                assertThat(n).as("nothing more after BYE over TCP").isLessThanOrEqualTo(0);
            } catch (SocketTimeoutException expected) {
                // good
            }
        }
    }

    @Test
    void connectionLimitAndOversizedMessagesCloseConnections() throws Exception {
        TcpClient[] clients = new TcpClient[3];
        for (int i = 0; i < 3; i++) {
            clients[i] = new TcpClient(server.port());
        }
        try (TcpClient fourth = new TcpClient(server.port())) {
            fourth.socket.setSoTimeout(5000);
            assertThat(fourth.in.read()).as("over the limit: closed by the server").isEqualTo(-1);
        }
        for (TcpClient c : clients) {
            c.close();
        }
        Thread.sleep(200); // let the loop notice the closes
        try (TcpClient big = new TcpClient(server.port())) {
            byte[] junk = new byte[SipParser.MAX_MESSAGE_BYTES + 10];
            Arrays.fill(junk, (byte) 'a');
            try {
                big.out.write(junk);
            } catch (IOException closedWhileWriting) {
                // fine: the server gave up on us
            }
            big.socket.setSoTimeout(5000);
            int r;
            try {
                r = big.in.read();
            } catch (IOException reset) {
                r = -1;
            }
            assertThat(r).isEqualTo(-1);
        }
        try (TcpClient ok = new TcpClient(server.port()); TestUac script = new TestUac(server.port())) {
            ok.send(tcp(script.request("OPTIONS", 1, script.newBranch(), null, null, null)));
            ok.readUntil(200, "OPTIONS");
        }
    }
}
