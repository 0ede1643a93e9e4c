package io.voicegather.server.sip;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A SIP user agent server on UDP and TCP (same port) that answers incoming calls for a {@link SipCallHandler}.
 *
 * <p>Threading: one loop thread owns every socket, transaction and dialog; handler callbacks run on it and must
 * return quickly. {@link InviteSession} methods may be called from any thread (they post onto the loop). Timers
 * run on a scheduler (one small daemon thread unless one is injected) that only posts work back onto the loop.
 *
 * <p>Behaviour (RFC 3261, 3581, 6026): 100 Trying at once for a new INVITE; INVITE retransmissions are absorbed by
 * resending the last response; a 2xx is retransmitted (UDP) from T1 doubling to T2 until the ACK, and after 64*T1
 * without one the stack sends BYE and calls {@code onAckTimeout}; non-2xx finals are retransmitted (Timer G) until
 * the ACK (Timer H). CANCEL before the answer: 200 to the CANCEL then 487 to the INVITE; after it: 200 only; no
 * match: 481. BYE either way (ours retransmitted with Timer E until a final or Timer F). OPTIONS: 200 with
 * Allow/Accept/Supported. INFO: 200 always; a DTMF body ({@code application/dtmf-relay}, {@code application/dtmf})
 * also calls {@code onInfoDigit}; other bodies only get the 200. re-INVITE: {@code onReinvite} decides between 200
 * with SDP and 488. Unknown dialog: 481; unknown method: 405 with Allow; any {@code Require} option: 420 (no
 * extensions are supported, 100rel included). Responses go to the packet's source address and port, with
 * received/rport set in the top Via. Malformed requests get 400 (513 when over the limits) if Via, From, To,
 * Call-ID and CSeq could be read, otherwise they are dropped. Our BYE over TCP reuses the connection the INVITE
 * came on; when it is gone the dialog simply ends locally.
 *
 * <p>Admission ({@link SipAdmissionSettings}, docs/robustness.md): nothing from outside the allow list is read or
 * answered; a new INVITE over its source's rate, or while too many calls wait for an answer, gets a stateless 503
 * with Retry-After and never reaches the handler; TCP connections are capped in total and per source.
 */
public final class SipServer implements AutoCloseable {
    /** Default cap on concurrently open TCP connections. */
    public static final int DEFAULT_MAX_TCP_CONNECTIONS = SipAdmissionSettings.DEFAULTS.maxTcpConnections();

    private final InetAddress bindAddress;
    private final int requestedPort;
    private final String advertisedHost;
    private final SipCallHandler handler;
    private final SipTimers timers;
    private final SipAdmissionSettings admissionSettings;
    private final SipAdmissionCounters admissionCounters = new SipAdmissionCounters();
    private boolean takingCalls = true; // guarded by this
    private SipAdmission admission; // guarded by this; made by start()
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private SipLoop loop;
    private UasCore core;
    private int port;
    private boolean started;
    private SipTrace trace = SipTrace.NONE; // guarded by this

    /**
     * @param bindAddress    local address to listen on
     * @param port           UDP and TCP port; 0 picks a free one (see {@link #port()})
     * @param advertisedHost host put in Contact and Via (and meant for SDP); null = the bind address
     * @param handler        receives the calls
     * @param timers         T1/T2/T4
     */
    public SipServer(InetAddress bindAddress, int port, String advertisedHost, SipCallHandler handler,
                     SipTimers timers) {
        this(bindAddress, port, advertisedHost, handler, timers, null, DEFAULT_MAX_TCP_CONNECTIONS);
    }

    /**
     * @param scheduler         timer source (only used to post tasks onto the loop); null = own daemon thread
     * @param maxTcpConnections connections beyond this are closed on accept
     */
    public SipServer(InetAddress bindAddress, int port, String advertisedHost, SipCallHandler handler,
                     SipTimers timers, ScheduledExecutorService scheduler, int maxTcpConnections) {
        this(bindAddress, port, advertisedHost, handler, timers, scheduler, SipAdmissionSettings.DEFAULTS.withTcp(
                maxTcpConnections, SipAdmissionSettings.DEFAULTS.maxTcpConnectionsPerSource(),
                SipAdmissionSettings.DEFAULTS.tcpIdleTimeout()));
    }

    /**
     * @param scheduler timer source (only used to post tasks onto the loop); null = own daemon thread
     * @param admission who is served and how much (allow list, INVITE rate, unanswered calls, TCP caps)
     */
    public SipServer(InetAddress bindAddress, int port, String advertisedHost, SipCallHandler handler,
                     SipTimers timers, ScheduledExecutorService scheduler, SipAdmissionSettings admission) {
        this.bindAddress = bindAddress;
        this.requestedPort = port;
        this.advertisedHost = advertisedHost != null ? advertisedHost : bindAddress.getHostAddress();
        this.handler = handler;
        this.timers = timers;
        this.admissionSettings = admission;
        this.ownsScheduler = scheduler == null;
        this.scheduler = scheduler != null ? scheduler : newScheduler();
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sip-timers");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true); // cancelled retransmission timers must not pile up
        return s;
    }

    /** Before {@link #start()}: who is told of every message of every dialog (the console's SIP summary). */
    public synchronized void trace(SipTrace trace) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        this.trace = java.util.Objects.requireNonNull(trace);
    }

    /** Binds UDP and TCP on the same port and starts the loop thread. */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            SipLoop l = new SipLoop(scheduler, "sip-loop");
            SipAdmission admission = new SipAdmission(admissionSettings, admissionCounters, System::nanoTime);
            admission.takeCalls(takingCalls);
            UasCore c = new UasCore(l, timers, handler, advertisedHost, admission);
            c.trace(trace);
            UdpTransport udp = null;
            try {
                udp = new UdpTransport(l, new InetSocketAddress(bindAddress, requestedPort), c, admission);
                int p = udp.localPort();
                new TcpTransport(l, new InetSocketAddress(bindAddress, p), c, admission,
                        () -> System.nanoTime() / 1_000_000);
                c.attach(udp, p);
                loop = l;
                core = c;
                this.admission = admission;
                port = p;
                started = true;
                l.start();
                return;
            } catch (BindException e) {
                last = e; // the ephemeral UDP port was taken on TCP: try another
                closeQuietly(l);
                if (requestedPort != 0) {
                    break;
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(l);
                throw e;
            }
        }
        throw last;
    }

    private static void closeQuietly(SipLoop l) {
        for (var key : l.selector().keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            l.selector().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** The bound UDP/TCP port. */
    public int port() {
        return port;
    }

    /** The host used in Contact and Via; also what the call layer should put into SDP. */
    public String advertisedHost() {
        return advertisedHost;
    }

    public SipTimers timers() {
        return timers;
    }

    /**
     * Whether new calls are taken: when not (starting, draining), a new INVITE and an out-of-dialog OPTIONS get
     * {@code 503} with {@code Retry-After}; calls in progress go on. True unless set otherwise.
     */
    public synchronized void takeCalls(boolean yes) {
        takingCalls = yes;
        if (admission != null) {
            admission.takeCalls(yes);
        }
    }

    /** What admission has refused since start, and the calls waiting for an answer now. */
    public SipAdmissionCounters admissionCounters() {
        return admissionCounters;
    }

    /** Dialogs currently known (including ones lingering after they ended); for tests and metrics. */
    public int dialogCount() {
        SipLoop loop = this.loop;
        if (core == null || loop == null) {
            return 0;
        }
        CompletableFuture<Integer> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(core.dialogCount()));
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    /** Stops the loop and closes all sockets. Pending retransmissions are dropped. */
    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

}
