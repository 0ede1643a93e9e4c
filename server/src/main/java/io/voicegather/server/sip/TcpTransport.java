package io.voicegather.server.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP listener and its connections. Messages are framed by Content-Length, each connection keeping its place
 * in a message that arrives in pieces ({@link StreamFramer}); CRLFs between messages are skipped,
 * and a CRLFCRLF keep-alive ping is answered with a CRLF pong (RFC 5626); a message over the size limit or a
 * framing error closes the connection. A connection from outside the allow list, or over the total or the
 * per-source cap, is closed at once ({@link SipAdmission} counts and logs it). Responses go back on the connection
 * the request came on.
 *
 * <p>Inbound connections are closed by a sweep that runs on the loop every second (see {@link #sweep()}):
 * <ul>
 *   <li>no complete SIP message within {@link #FIRST_MESSAGE_TIMEOUT_MILLIS} of the accept;</li>
 *   <li>a message begun more than {@link #PARTIAL_MESSAGE_TIMEOUT_MILLIS} ago and still incomplete;</li>
 *   <li>no traffic either way for the idle timeout ({@link #IDLE_TIMEOUT_MILLIS} unless set) while no live call is
 *   bound to the connection;</li>
 *   <li>no traffic either way for {@link #CALL_IDLE_TIMEOUT_MILLIS} even with a live call (a backstop only).</li>
 * </ul>
 * The core binds each dialog to the connection its INVITE came on and unbinds it when the dialog ends (see
 * {@link SipFlow#bind}); {@link TcpCallTracker} keeps that record. Loop thread only.
 */
final class TcpTransport implements SipLoop.Ready {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    private static final int MAX_QUEUED_BYTES = 1 << 20;
    /** RFC 5626 §4.4.1: the answer to a CRLFCRLF keep-alive ping, so the client knows the flow still works. */
    private static final byte[] PONG = {'\r', '\n'};

    /** 64*T1 at the default T1: a peer that has not completed one request by then is not a SIP client. */
    static final long FIRST_MESSAGE_TIMEOUT_MILLIS = 32_000;
    /** 64*T1 too: the sender's own transaction has given up by then, and a stalled frame blocks the stream. */
    static final long PARTIAL_MESSAGE_TIMEOUT_MILLIS = 32_000;
    /** The default idle timeout: over twice the RFC 5626 keep-alive interval (95-120 s), so pinging clients stay. */
    static final long IDLE_TIMEOUT_MILLIS = 5 * 60_000;
    /** A backstop for calls whose end we did not see; a real call this quiet on SIP for hours is very rare. */
    static final long CALL_IDLE_TIMEOUT_MILLIS = 4 * 3600_000;
    static final long SWEEP_INTERVAL_MILLIS = 1000;

    private final SipLoop loop;
    private final ServerSocketChannel server;
    private final InboundSink sink;
    private final SipAdmission admission;
    private final int maxConnections;
    private final int maxConnectionsPerSource;
    private final long idleTimeoutMillis;
    private final LongSupplier clockMillis;
    private final ArrayList<Connection> open = new ArrayList<>();
    /** Open connections per source address; an entry goes with its source's last connection. */
    private final HashMap<InetAddress, int[]> openBySource = new HashMap<>();
    private final TcpCallTracker<Connection> calls = new TcpCallTracker<>();

    /** @param clockMillis monotonic milliseconds for the connection rules (tests inject a manual one) */
    TcpTransport(SipLoop loop, InetSocketAddress bind, InboundSink sink, int maxConnections, LongSupplier clockMillis)
            throws IOException {
        this(loop, bind, sink, new SipAdmission(SipAdmissionSettings.DEFAULTS.withTcp(maxConnections,
                        SipAdmissionSettings.DEFAULTS.maxTcpConnectionsPerSource(),
                        SipAdmissionSettings.DEFAULTS.tcpIdleTimeout()), new SipAdmissionCounters(), System::nanoTime),
                clockMillis);
    }

    /**
     * @param admission   the allow list, the caps and the idle timeout; counts what is refused
     * @param clockMillis monotonic milliseconds for the connection rules (tests inject a manual one)
     */
    TcpTransport(SipLoop loop, InetSocketAddress bind, InboundSink sink, SipAdmission admission,
                 LongSupplier clockMillis) throws IOException {
        this.loop = loop;
        this.sink = sink;
        this.admission = admission;
        this.maxConnections = admission.settings().maxTcpConnections();
        this.maxConnectionsPerSource = admission.settings().maxTcpConnectionsPerSource();
        this.idleTimeoutMillis = admission.settings().tcpIdleTimeout().toMillis();
        this.clockMillis = clockMillis;
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, 256);
            server.configureBlocking(false);
            server.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        loop.schedule(SWEEP_INTERVAL_MILLIS, this::periodicSweep);
    }

    @Override
    public void onReady(SelectionKey key) throws IOException {
        for (int i = 0; i < 64; i++) {
            SocketChannel ch = server.accept();
            if (ch == null) {
                return;
            }
            Connection c;
            try {
                InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
                if (!admitted(remote)) {
                    ch.close();
                    continue;
                }
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c = new Connection(ch, remote, clockMillis.getAsLong());
                c.key = ch.register(loop.selector(), SelectionKey.OP_READ, c);
            } catch (IOException e) {
                ch.close(); // reset before we could use it; do not leak the descriptor
                continue;
            }
            c.index = open.size();
            open.add(c);
            openBySource.computeIfAbsent(c.remote.getAddress(), a -> new int[1])[0]++;
        }
    }

    /** The allow list, then the total cap, then the source's cap; a refusal is counted and logged. */
    private boolean admitted(InetSocketAddress remote) {
        if (!admission.allowsConnection(remote)) {
            return false;
        }
        if (open.size() >= maxConnections) {
            admission.refusedOverTotalConnections(remote);
            return false;
        }
        int[] fromSource = openBySource.get(remote.getAddress());
        if (fromSource != null && fromSource[0] >= maxConnectionsPerSource) {
            admission.refusedOverSourceConnections(remote);
            return false;
        }
        return true;
    }

    private void periodicSweep() {
        if (!server.isOpen()) {
            return; // the loop has shut down
        }
        try {
            sweep();
            admission.flushWarnings(); // the SIP loop's one periodic task; the refusals of a flood that stopped
        } finally {
            try {
                loop.schedule(SWEEP_INTERVAL_MILLIS, this::periodicSweep);
            } catch (RejectedExecutionException stopping) {
                // the scheduler is shutting down with the server
            }
        }
    }

    /** Closes every connection that breaks one of the rules at the clock's current time. Loop thread only. */
    void sweep() {
        long now = clockMillis.getAsLong();
        for (int i = open.size() - 1; i >= 0; i--) {
            Connection c = open.get(i);
            String reason = c.expiry(now);
            if (reason != null) {
                LOG.debug("closing TCP connection from {}: {}", c.remote, reason);
                admission.closedIdle();
                c.close(); // swaps the last connection into i, which this backwards walk has already seen
            }
        }
    }

    int localPort() {
        return server.socket().getLocalPort();
    }

    int openConnections() {
        return open.size();
    }

    /** Bytes of incomplete messages held across all connections. Loop thread only. */
    int bufferedInboundBytes() {
        int sum = 0;
        for (Connection c : open) {
            sum += c.filled;
        }
        return sum;
    }

    /** Bytes the framers of the open connections have looked at; linear in the bytes received. Loop thread only. */
    long framingInspections() {
        long sum = 0;
        for (Connection c : open) {
            sum += c.framer.inspectedBytes();
        }
        return sum;
    }

    /** Connections refused by the total cap since start. */
    long refusedConnections() {
        return admission.counters().connectionsOverTotalCap();
    }

    /** Calls currently bound to a TCP connection. Loop thread only. */
    int boundCalls() {
        return calls.liveCalls();
    }

    /** One accepted connection; it is also the flow responses and in-dialog requests are sent on. */
    final class Connection implements SipLoop.Ready, SipFlow {
        private final SocketChannel channel;
        private final InetSocketAddress remote;
        private SelectionKey key;
        private byte[] in = new byte[4096];
        private int filled;
        private ByteBuffer inView;
        /** Where the search for the end of the message at the head of {@code in} stands. */
        private final StreamFramer framer = new StreamFramer();
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private int queuedBytes;
        private boolean closed;
        private int index;
        private final long openedAt;
        /** Last byte read or written, keep-alives included. */
        private long lastActivity;
        /** When the incomplete message at the head of {@code in} began; meaningful while {@code filled > 0}. */
        private long partialSince;
        private boolean sawMessage;

        Connection(SocketChannel channel, InetSocketAddress remote, long now) {
            this.channel = channel;
            this.remote = remote;
            this.openedAt = now;
            this.lastActivity = now;
        }

        /** Why this connection must be closed at {@code now}, or null. */
        String expiry(long now) {
            if (!sawMessage && now - openedAt >= FIRST_MESSAGE_TIMEOUT_MILLIS) {
                return "no complete message since it opened";
            }
            if (filled > 0 && now - partialSince >= PARTIAL_MESSAGE_TIMEOUT_MILLIS) {
                return "incomplete message stalled";
            }
            long idle = now - lastActivity;
            if (calls.carriesCall(this)) {
                return idle >= CALL_IDLE_TIMEOUT_MILLIS ? "idle although a call is bound to it" : null;
            }
            return idle >= idleTimeoutMillis ? "idle" : null;
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
                if (inView == null || inView.array() != in) {
                    inView = ByteBuffer.wrap(in); // made again only when the buffer grows, not per read
                }
                inView.limit(in.length).position(filled);
                int n = channel.read(inView);
                if (n < 0) {
                    close();
                    return;
                }
                if (n == 0) {
                    return;
                }
                long now = clockMillis.getAsLong();
                lastActivity = now;
                boolean wasEmpty = filled == 0;
                filled += n;
                if (!frame(wasEmpty, now)) {
                    return;
                }
            }
        }

        /** Delivers every complete message in the buffer; false when the connection was closed. */
        private boolean frame(boolean wasEmpty, long now) {
            boolean delivered = false;
            int pos = 0;
            while (pos < filled) {
                if (in[pos] == '\r' || in[pos] == '\n') {
                    if (isPing(pos)) {
                        pos += 4;
                        send(PONG);
                        if (closed) {
                            return false;
                        }
                    } else {
                        pos++; // a lone CRLF between messages
                    }
                    continue;
                }
                int len;
                try {
                    len = framer.completeLength(in, pos, filled);
                } catch (SipParseException e) {
                    LOG.debug("TCP framing error from {}: {}", remote, e.getMessage());
                    close();
                    return false;
                }
                if (len < 0) {
                    break;
                }
                framer.reset();
                try {
                    sink.onMessage(in, pos, len, this);
                } catch (RuntimeException e) {
                    LOG.debug("dropped TCP message from {}", remote, e);
                }
                pos += len;
                delivered = true;
                sawMessage = true;
                if (closed) {
                    return false;
                }
            }
            if (pos > 0) {
                System.arraycopy(in, pos, in, 0, filled - pos);
                filled -= pos;
            }
            if (filled > 0 && (wasEmpty || delivered)) {
                partialSince = now; // a new message has begun
            }
            return true;
        }

        /** An RFC 5626 keep-alive ping (CRLFCRLF) at {@code pos}, received in one piece. */
        private boolean isPing(int pos) {
            return pos + 3 < filled && in[pos] == '\r' && in[pos + 1] == '\n' && in[pos + 2] == '\r'
                    && in[pos + 3] == '\n';
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
            lastActivity = clockMillis.getAsLong();
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
            Connection last = open.remove(open.size() - 1);
            if (last != this) {
                open.set(index, last);
                last.index = index;
            }
            calls.onClosed(this);
            int[] fromSource = openBySource.get(remote.getAddress());
            if (fromSource != null && --fromSource[0] == 0) {
                openBySource.remove(remote.getAddress());
            }
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("close failed", e);
            }
        }

        @Override
        public void bind(InviteDialog dialog) {
            if (!closed) {
                calls.bind(dialog, this);
            }
        }

        @Override
        public void unbind(InviteDialog dialog) {
            calls.unbind(dialog);
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
