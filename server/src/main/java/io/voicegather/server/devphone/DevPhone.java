package io.voicegather.server.devphone;

import io.voicegather.server.sip.SipMessage;
import io.voicegather.server.sip.SipParseException;
import io.voicegather.server.sip.SipParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The dev phone (docs/dev-phone.md): a page in the browser talks over a WebSocket to a small SIP user agent inside
 * the server, which calls the server's own SIP port for real — INVITE, RTP, RFC 4733 keys, BYE — so the application
 * sees exactly what a phone would give it. Every page's {@link DevPhoneLine line} shares one thread, ticking every
 * 20 ms while a page is connected: it reads SIP and RTP, sends the RTP due and retransmits what is unanswered. The
 * page sends JSON actions and microphone audio (PCM16 little-endian, 8 kHz); it gets JSON call states and the call's
 * audio in the same format.
 */
public final class DevPhone implements AutoCloseable {
    public static final String PATH = "/phone/ws";
    /** Calls at once over every page: a developer's tool, not a load generator. */
    static final int MAX_CALLS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(DevPhone.class);
    private static final long TICK_MILLIS = 20;

    private final WebSocketServer webSocket;
    private final ScheduledExecutorService thread;
    private final DatagramChannel sip;
    private final String localHost;
    private final int localSipPort;
    private final InetSocketAddress serverSip;
    private final String serverHostPort;
    private final ByteBuffer sipIn = ByteBuffer.allocate(65536);
    private final List<DevPhoneLine> lines = new ArrayList<>();         // on the phone thread
    private final Map<String, DevPhoneLine> byCallId = new HashMap<>(); // on the phone thread
    private ScheduledFuture<?> ticking;                                 // on the phone thread; null while idle

    private DevPhone(InetAddress webSocketHost, int webSocketPort, String sipHost, int sipPort, String cookieName,
                     Predicate<String> validSession, IntSupplier consolePort) throws IOException {
        // the server's own address as it would be dialled: loopback when SIP listens on every address
        localHost = sipHost.equals("0.0.0.0") || sipHost.equals("::") ? "127.0.0.1" : sipHost;
        serverSip = new InetSocketAddress(localHost, sipPort);
        serverHostPort = DevPhoneCall.uriHost(localHost) + ":" + sipPort;
        sip = DatagramChannel.open();
        sip.bind(new InetSocketAddress(localHost, 0)).configureBlocking(false);
        localSipPort = ((InetSocketAddress) sip.getLocalAddress()).getPort();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dev-phone");
            t.setDaemon(true);
            return t;
        });
        try {
            webSocket = new WebSocketServer(webSocketHost, webSocketPort, PATH, cookieName, validSession, consolePort,
                    connection -> new DevPhoneLine(this, connection));
        } catch (IOException e) {
            thread.shutdownNow();
            sip.close();
            throw e;
        }
    }

    /**
     * Listens for pages on {@code webSocketPort} and calls the SIP server at {@code sipHost:sipPort}.
     *
     * @param validSession says whether the value of the cookie {@code cookieName} is a live console session
     * @param consolePort  the console's HTTP port: pages from another origin are refused
     */
    public static DevPhone start(InetAddress webSocketHost, int webSocketPort, String sipHost, int sipPort,
                                 String cookieName, Predicate<String> validSession, IntSupplier consolePort)
            throws IOException {
        DevPhone phone = new DevPhone(webSocketHost, webSocketPort, sipHost, sipPort, cookieName, validSession,
                consolePort);
        phone.webSocket.start();
        return phone;
    }

    /** The address the dev phone's SIP and RTP come from (for --sip-allow). */
    public InetAddress sourceAddress() {
        return serverSip.getAddress();
    }

    public int port() {
        return webSocket.port();
    }

    @Override
    public void close() {
        webSocket.close();
        try {
            thread.submit(() -> List.copyOf(lines).forEach(DevPhoneLine::hangUp)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("dev phone calls not hung up at close: {}", e.toString());
        }
        thread.shutdownNow();
        try {
            sip.close();
        } catch (IOException e) {
            LOG.debug("closing the dev phone's SIP socket: {}", e.toString());
        }
    }

    private void tick() {
        long now = System.nanoTime();
        try {
            receiveSip(now);
        } catch (IOException | RuntimeException e) {
            LOG.warn("dev phone: {}", e.toString(), e); // a tick that fails must not stop the next ones
        }
        // by index, no iterator per tick; backwards, as a line that ends may remove itself
        for (int i = lines.size() - 1; i >= 0; i--) {
            DevPhoneLine line = lines.get(i);
            try {
                line.tick(now);
            } catch (IOException | RuntimeException e) {
                LOG.warn("dev phone: {}", e.toString(), e);
                line.end("failed: " + e);
            }
        }
    }

    private void receiveSip(long now) throws IOException {
        while (true) {
            sipIn.clear();
            if (sip.receive(sipIn) == null) {
                return;
            }
            SipMessage m;
            try {
                m = SipParser.parse(sipIn.array(), 0, sipIn.position());
            } catch (SipParseException e) {
                LOG.debug("dev phone: unparsable SIP message: {}", e.getMessage());
                continue;
            }
            DevPhoneLine line = byCallId.get(m.callId());
            if (m.isRequest()) {
                if (!m.method().equals("ACK")) {
                    boolean known = line != null;
                    sendSip(DevPhoneCall.answer(m, known ? 200 : 481, known ? "OK" : "Call/Transaction Does Not Exist"));
                }
                if (line != null && m.method().equals("BYE")) {
                    line.hungUpByServer();
                }
            } else if (line != null) {
                line.onResponse(m, now);
            }
        }
    }

    void sendSip(byte[] message) throws IOException {
        sip.send(ByteBuffer.wrap(message), serverSip);
    }

    // What the lines ask of the phone, all on the phone's thread but execute()

    void execute(Runnable task) {
        thread.execute(task);
    }

    /** A page connected: the ticks start with the first. */
    void lineOpened(DevPhoneLine line) {
        lines.add(line);
        if (ticking == null) {
            ticking = thread.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A page is gone and its call ended: the ticks stop with the last (an idle server does not wake 50 times a second). */
    void lineClosed(DevPhoneLine line) {
        lines.remove(line);
        if (lines.isEmpty() && ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    void callStarted(String callId, DevPhoneLine line) {
        byCallId.put(callId, line);
    }

    void callEnded(String callId) {
        byCallId.remove(callId);
    }

    int calls() {
        return byCallId.size();
    }

    String localHost() {
        return localHost;
    }

    int localSipPort() {
        return localSipPort;
    }

    String serverHostPort() {
        return serverHostPort;
    }

}
