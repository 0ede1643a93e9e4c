package io.voicegather.server.sip;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The UDP socket: reads datagrams with one reused buffer and hands them to the core. Loop thread only. */
final class UdpTransport implements SipLoop.Ready {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);
    private static final int BATCH = 64;

    private final DatagramChannel channel;
    private final InboundSink sink;
    private final SipAdmission admission;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(SipParser.MAX_MESSAGE_BYTES + 1);

    UdpTransport(SipLoop loop, InetSocketAddress bind, InboundSink sink) throws IOException {
        this(loop, bind, sink, SipAdmission.defaults());
    }

    /** @param admission drops datagrams from sources outside the allow list before they are parsed */
    UdpTransport(SipLoop loop, InetSocketAddress bind, InboundSink sink, SipAdmission admission) throws IOException {
        this.sink = sink;
        this.admission = admission;
        this.channel = DatagramChannel.open();
        channel.bind(bind);
        channel.configureBlocking(false);
        channel.register(loop.selector(), SelectionKey.OP_READ, this);
    }

    int localPort() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Override
    public void onReady(SelectionKey key) throws IOException {
        for (int i = 0; i < BATCH; i++) {
            receiveBuffer.clear();
            SocketAddress from = channel.receive(receiveBuffer);
            if (from == null) {
                return;
            }
            int len = receiveBuffer.position();
            if (!admission.allowsDatagram((InetSocketAddress) from) || len > SipParser.MAX_MESSAGE_BYTES
                    || isKeepAlive(len)) {
                continue;
            }
            try {
                sink.onMessage(receiveBuffer.array(), 0, len, new UdpFlow((InetSocketAddress) from));
            } catch (RuntimeException e) {
                LOG.debug("dropped datagram from {}", from, e);
            }
        }
    }

    /** CRLF keep-alives (RFC 5626) and stray blank datagrams. */
    private boolean isKeepAlive(int len) {
        byte[] a = receiveBuffer.array();
        for (int i = 0; i < len; i++) {
            if (a[i] != '\r' && a[i] != '\n' && a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    void send(byte[] message, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(message), to);
        } catch (IOException | RuntimeException e) {
            LOG.debug("UDP send to {} failed", to, e);
        }
    }

    final class UdpFlow implements SipFlow {
        private final InetSocketAddress remote;

        UdpFlow(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public void send(byte[] message) {
            UdpTransport.this.send(message, remote);
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public String transport() {
            return "UDP";
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }
    }

    UdpFlow flowTo(InetSocketAddress remote) {
        return new UdpFlow(remote);
    }
}
