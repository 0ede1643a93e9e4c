package io.voicegather.server.sip;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP listener and its connections. Messages are framed by Content-Length; leading CRLFs (keep-alives) are
 * skipped; a message over the size limit or a framing error closes the connection. Connections over
 * {@code maxConnections} are closed at once. Responses go back on the connection the request came on.
 */
final class TcpTransport implements SipLoop.Ready {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    private static final int MAX_QUEUED_BYTES = 1 << 20;

    private final SipLoop loop;
    private final ServerSocketChannel server;
    private final InboundSink sink;
    private final int maxConnections;
    private int connections;

    TcpTransport(SipLoop loop, InetSocketAddress bind, InboundSink sink, int maxConnections) throws IOException {
        this.loop = loop;
        this.sink = sink;
        this.maxConnections = maxConnections;
        this.server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(bind, 256);
        server.configureBlocking(false);
        server.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onReady(SelectionKey key) throws IOException {
        for (int i = 0; i < 64; i++) {
            SocketChannel ch = server.accept();
            if (ch == null) {
                return;
            }
            if (connections >= maxConnections) {
                LOG.debug("TCP connection limit reached, closing {}", ch.getRemoteAddress());
                ch.close();
                continue;
            }
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connections++;
            Connection c = new Connection(ch);
            c.key = ch.register(loop.selector(), SelectionKey.OP_READ, c);
        }
    }

    int openConnections() {
        return connections;
    }

    /** One accepted connection; it is also the flow responses and in-dialog requests are sent on. */
    final class Connection implements SipLoop.Ready, SipFlow {
        private final SocketChannel channel;
        private final InetSocketAddress remote;
        private SelectionKey key;
        private byte[] in = new byte[4096];
        private int filled;
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private int queuedBytes;
        private boolean closed;

        Connection(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.remote = (InetSocketAddress) channel.getRemoteAddress();
        }

        @Override
        public void onReady(SelectionKey k) throws IOException {
            try {
                if (k.isValid() && k.isWritable()) {
                    flush();
                }
                if (k.isValid() && k.isReadable()) {
                    read();
                }
            } catch (IOException e) {
                close();
            }
        }

        private void read() throws IOException {
            while (true) {
                if (filled == in.length) {
                    if (in.length > SipParser.MAX_MESSAGE_BYTES) {
                        close(); // cannot frame anything this large
                        return;
                    }
                    byte[] bigger = new byte[Math.min(in.length * 2, SipParser.MAX_MESSAGE_BYTES + 4096)];
                    System.arraycopy(in, 0, bigger, 0, filled);
                    in = bigger;
                }
                int n = channel.read(ByteBuffer.wrap(in, filled, in.length - filled));
                if (n < 0) {
                    close();
                    return;
                }
                if (n == 0) {
                    return;
                }
                filled += n;
                if (!frame()) {
                    return;
                }
            }
        }

        /** Delivers every complete message in the buffer; false when the connection was closed. */
        private boolean frame() {
            int pos = 0;
            while (pos < filled) {
                if (in[pos] == '\r' || in[pos] == '\n') {
                    pos++; // keep-alive CRLFs between messages
                    continue;
                }
                int len;
                try {
                    len = SipParser.completeLength(in, pos, filled - pos);
                } catch (SipParseException e) {
                    LOG.debug("TCP framing error from {}: {}", remote, e.getMessage());
                    close();
                    return false;
                }
                if (len < 0) {
                    break;
                }
                try {
                    sink.onMessage(in, pos, len, this);
                } catch (RuntimeException e) {
                    LOG.debug("dropped TCP message from {}", remote, e);
                }
                pos += len;
                if (closed) {
                    return false;
                }
            }
            if (pos > 0) {
                System.arraycopy(in, pos, in, 0, filled - pos);
                filled -= pos;
            }
            return true;
        }

        @Override
        public void send(byte[] message) {
            if (closed) {
                return;
            }
            if (queuedBytes + message.length > MAX_QUEUED_BYTES) {
                LOG.debug("TCP peer {} not reading, closing", remote);
                close();
                return;
            }
            out.add(ByteBuffer.wrap(message));
            queuedBytes += message.length;
            try {
                flush();
            } catch (IOException e) {
                close();
            }
        }

        private void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                int n = channel.write(b);
                queuedBytes -= n;
                if (b.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            connections--;
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("close failed", e);
            }
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public String transport() {
            return "TCP";
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }
    }
}
