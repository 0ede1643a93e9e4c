package io.voicegather.server.media;

import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.rtp.RtpPortAllocator;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All RTP of the server on two threads, whatever the number of calls: one receive thread with one Selector over
 * every session's RTP and RTCP channel, and one media clock thread that sends each started session's packet every
 * packet time. Nothing is allocated per packet on either path, but for the JDK selector's boxed file descriptor
 * (docs/configuration.md, JVM flags).
 *
 * <p>Threading: {@link #open}, {@link #start} and {@link #close} may be called from any thread. The package
 * documentation maps what each thread owns.
 *
 * <p>Time: the media threads pace themselves on {@link System#nanoTime()}; each received packet is also stamped with
 * the engine's arrival {@link Clock} (milliseconds), the clock the call layer judges digits by, so pass both the same.
 *
 * <p>Lifecycle: a session closed while the clock may be ticking it is retired by the clock after the tick under way
 * (see {@link RtpSession}); until then its playback source belongs to the clock. {@link #close} closes every
 * session, then stops both threads and waits for them (up to two seconds each): after it returns no tick runs and
 * no packet is handled, and every source has heard its end. Called from inside a tick (a listener on the clock
 * thread), it does not wait for the clock, which stops after that tick and retires its sessions on its way out.
 */
public final class MediaEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);
    /** Owed ticks the clock runs back to back after a stall before it starts skipping. */
    static final int MAX_CATCH_UP_TICKS = 3;
    public static final Duration USUAL_PACKET_TIME = Duration.ofMillis(20);
    private static final int MAX_DATAGRAM = 2048;
    private static final Object RTCP = new Object();

    private final InetAddress bindAddress;
    private final RtpPortAllocator ports;
    private final long rtpTimeoutNanos;
    private final long packetTimeNanos;
    private final int samplesPerPacket;
    private final Clock arrivalClock;

    private final Set<RtpSession> open = ConcurrentHashMap.newKeySet();
    /** Guards moving a session's counters from {@link #open} into {@link #endedTotals}, so totals never dip. */
    private final Object totalsLock = new Object();
    private RtpStats endedTotals = RtpStats.ZERO; // guarded by totalsLock
    private final ConcurrentLinkedQueue<RtpSession> toRegister = new ConcurrentLinkedQueue<>();
    /** Sessions closed while the clock may be ticking them: it retires them after its tick. */
    private final ConcurrentLinkedQueue<RtpSession> toRetire = new ConcurrentLinkedQueue<>();
    /** No clock ticks sessions (not started, or stopped): whoever closes one retires it. */
    private volatile boolean clockStopped = true;
    private final Object sendingLock = new Object();
    /** Copy-on-write so the clock walks it without a lock or an iterator. */
    private volatile RtpSession[] sending = new RtpSession[0];

    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final short[] clockPcm;

    private volatile boolean running;
    private volatile boolean closed;
    private Selector selector;
    private Thread receiveThread;
    private Thread clockThread;
    private volatile long skippedTicks;

    /** An engine with the usual 20 ms packet time. */
    public MediaEngine(InetAddress bindAddress, int minPort, int maxPort, Duration rtpTimeout) {
        this(bindAddress, minPort, maxPort, rtpTimeout, USUAL_PACKET_TIME);
    }

    public MediaEngine(InetAddress bindAddress, int minPort, int maxPort, Duration rtpTimeout, Duration packetTime) {
        this(bindAddress, minPort, maxPort, rtpTimeout, packetTime, Clock.systemUTC());
    }

    /**
     * @param bindAddress local address every RTP/RTCP socket binds to
     * @param minPort lowest port of the RTP range; {@code maxPort} the highest (RTCP included)
     * @param rtpTimeout how long a started session may go without a packet from the peer before
     *     {@link MediaListener#onRtpTimeout()}
     * @param packetTime the packetisation interval (ptime), a multiple of 1 ms
     * @param arrivalClock stamps each received packet; digits and audio reach the listener with that stamp
     */
    public MediaEngine(InetAddress bindAddress, int minPort, int maxPort, Duration rtpTimeout, Duration packetTime,
                       Clock arrivalClock) {
        if (bindAddress == null) {
            throw new IllegalArgumentException("bindAddress");
        }
        if (rtpTimeout.isNegative() || rtpTimeout.isZero() || packetTime.toMillis() < 1) {
            throw new IllegalArgumentException("RTP timeout and packet time must be positive");
        }
        this.bindAddress = bindAddress;
        this.ports = new RtpPortAllocator(minPort, maxPort);
        this.rtpTimeoutNanos = rtpTimeout.toNanos();
        this.packetTimeNanos = packetTime.toNanos();
        this.samplesPerPacket = (int) (Codec.CLOCK_RATE * packetTime.toMillis() / 1000);
        this.clockPcm = new short[samplesPerPacket];
        this.arrivalClock = arrivalClock;
    }

    /** Starts the receive and clock threads. */
    public synchronized void start() throws IOException {
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        if (running) {
            return;
        }
        selector = Selector.open();
        running = true;
        clockStopped = false;
        receiveThread = new Thread(this::receiveLoop, "rtp-receive");
        receiveThread.setDaemon(true);
        receiveThread.start();
        clockThread = new Thread(this::clockLoop, "media-clock");
        clockThread.setDaemon(true);
        clockThread.setPriority(Thread.MAX_PRIORITY);
        clockThread.start();
    }

    /**
     * Opens a session on a fresh RTP/RTCP port pair. It receives at once (packets are counted) and sends from
     * {@link RtpSession#start}.
     *
     * @throws io.voicegather.server.media.rtp.PortRangeExhaustedException when every port pair is in use
     */
    public RtpSession open(MediaListener listener) throws IOException {
        if (listener == null) {
            throw new IllegalArgumentException("listener");
        }
        if (!running) {
            throw new IllegalStateException("engine not started");
        }
        IOException lastBindFailure = null;
        // A port pair may be taken by another process (or still closing): try others before giving up.
        for (int attempt = 0; attempt < ports.capacity(); attempt++) {
            int port = ports.allocate();
            DatagramChannel rtp = null;
            DatagramChannel rtcp = null;
            try {
                rtp = openChannel(port);
                rtcp = openChannel(port + 1);
            } catch (BindException e) {
                closeQuietly(rtp);
                ports.release(port);
                lastBindFailure = e;
                continue;
            } catch (IOException | RuntimeException e) {
                closeQuietly(rtp);
                closeQuietly(rtcp);
                ports.release(port);
                throw e;
            }
            RtpSession session = new RtpSession(this, listener, rtp, rtcp, port, samplesPerPacket, rtpTimeoutNanos);
            open.add(session);
            toRegister.add(session);
            selector.wakeup();
            if (closed) {
                session.close();
                throw new IllegalStateException("engine closed");
            }
            return session;
        }
        throw new IOException("no bindable RTP port pair on " + bindAddress.getHostAddress(), lastBindFailure);
    }

    /** Sessions open now. */
    public int sessionCount() {
        return open.size();
    }

    /** Port pairs allocated now. */
    public int portsInUse() {
        return ports.inUse();
    }

    /**
     * Every session's counters added up since the start, ended sessions included, for monitoring: no total ever
     * decreases. (A session's packets after its close are not counted.)
     */
    public RtpStats totals() {
        synchronized (totalsLock) {
            RtpStats sum = endedTotals;
            for (RtpSession session : open) {
                sum = sum.plus(session.stats());
            }
            return sum;
        }
    }

    /** Clock ticks skipped because the clock thread fell too far behind (should stay 0). */
    public long skippedTicks() {
        return skippedTicks;
    }

    /** Closes every session and stops both threads. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
        }
        for (RtpSession session : open) {
            session.close();
        }
        if (selector != null) {
            selector.wakeup();
        }
        joinQuietly(receiveThread);
        if (clockThread != null) {
            LockSupport.unpark(clockThread);
        }
        joinQuietly(clockThread);
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ---- called by sessions ----

    void startSending(RtpSession session) {
        synchronized (sendingLock) {
            if (session.isClosed() || Arrays.asList(sending).contains(session)) {
                return;
            }
            RtpSession[] next = Arrays.copyOf(sending, sending.length + 1);
            next[next.length - 1] = session;
            sending = next;
        }
    }

    /** A session closed: it leaves the clock's list and is retired by the clock, or here if no clock has it. */
    void closed(RtpSession session) {
        boolean wasSending = false;
        synchronized (sendingLock) {
            RtpSession[] current = sending;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == session) {
                    RtpSession[] next = new RtpSession[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    sending = next;
                    wasSending = true;
                    break;
                }
            }
        }
        synchronized (totalsLock) {
            endedTotals = endedTotals.plus(session.stats());
            open.remove(session);
        }
        if (!wasSending) {
            session.retire();
            return;
        }
        toRetire.add(session);
        if (clockStopped) {
            // The clock sets clockStopped before its last retireClosed(): either it saw this one, or we see the flag.
            retireClosed();
        }
    }

    void releasePorts(RtpSession session) {
        // The closed channels' keys are dropped at the selector's next wake-up, which frees the sockets.
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
        ports.release(session.localPort());
    }

    // ---- receive thread ----

    private void receiveLoop() {
        while (running) {
            try {
                selector.select(onReady);
                registerNewSessions();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    log.error("RTP receive loop error", e);
                }
            }
        }
    }

    private void registerNewSessions() {
        RtpSession session;
        while ((session = toRegister.poll()) != null) {
            try {
                session.rtpChannel().register(selector, SelectionKey.OP_READ, session);
                session.rtcpChannel().register(selector, SelectionKey.OP_READ, RTCP);
            } catch (ClosedChannelException e) {
                // closed before it was registered: nothing to receive
            }
        }
    }

    /**
     * Reads one datagram from a ready channel. One per wake-up: the selector is level-triggered, so a channel with
     * more queued is reported again at once, and one flooding peer cannot starve the others; a second read would
     * mostly find nothing, a wasted system call per packet (a peer sends one packet per 20 ms).
     */
    private void onReady(SelectionKey key) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        try {
            receiveBuffer.clear();
            SocketAddress source = channel.receive(receiveBuffer);
            if (source != null && key.attachment() instanceof RtpSession session) {
                session.onRtpPacket(receiveBuffer.array(), receiveBuffer.position(), (InetSocketAddress) source,
                        System.nanoTime(), arrivalClock.millis());
            }
            // RTCP: read and discarded, so the socket buffer never fills.
        } catch (ClosedChannelException e) {
            key.cancel();
        } catch (IOException e) {
            log.debug("RTP receive failed: {}", e.toString());
        }
    }

    // ---- media clock thread ----

    private void clockLoop() {
        TickSchedule schedule = new TickSchedule(System.nanoTime(), packetTimeNanos, MAX_CATCH_UP_TICKS);
        try {
            while (running) {
                long now = System.nanoTime();
                long tick = schedule.due(now);
                if (tick < 0) {
                    LockSupport.parkNanos(schedule.nextDueNanos() - now);
                    continue;
                }
                tick(tick, now);
                skippedTicks = schedule.skippedTicks();
            }
        } finally {
            clockStopped = true;
            retireClosed();
        }
    }

    /**
     * One clock tick: every sending session's packet, then the sessions closed meanwhile are retired. Runs on the
     * clock thread, or on a test's thread for an engine whose clock it drives ({@link #manuallyClocked}).
     */
    void tick(long tick, long nowNanos) {
        for (RtpSession session : sending) {
            try {
                session.onTick(tick, nowNanos, clockPcm);
            } catch (RuntimeException e) {
                log.error("media clock tick failed for a session", e);
            }
        }
        retireClosed();
    }

    private void retireClosed() {
        RtpSession session;
        while ((session = toRetire.poll()) != null) {
            try {
                session.retire();
            } catch (RuntimeException e) {
                log.error("retiring a closed session failed", e);
            }
        }
    }

    /** For tests: from now on the caller is this engine's clock and calls {@link #tick} itself; no thread runs. */
    void manuallyClocked() {
        clockStopped = false;
    }

    private DatagramChannel openChannel(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(
                bindAddress instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(bindAddress, port));
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static void joinQuietly(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
