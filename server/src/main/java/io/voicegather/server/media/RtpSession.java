package io.voicegather.server.media;

import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.codec.G711;
import io.voicegather.server.media.dtmf.DtmfSender;
import io.voicegather.server.media.dtmf.InbandDtmfDetector;
import io.voicegather.server.media.dtmf.Rfc4733Receiver;
import io.voicegather.server.media.rtp.RtpHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's RTP stream: a bound RTP/RTCP port pair, the outgoing 20 ms packet stream (prompt audio or silence)
 * and the incoming stream (counted; telephone-events decoded into digits).
 *
 * <p>Threading: {@link #start}, {@link #update}, {@link #play}, {@link #stopPlayback}, {@link #sendDtmf} and
 * {@link #close} may be called from any thread. Packets are handled on the engine's receive thread and sent on its
 * media clock thread; {@link MediaListener} callbacks run on those two threads.
 *
 * <p>Ordering: {@link #play} and {@link #stopPlayback} only queue the change; the clock applies queued changes in
 * the order they were made at the start of its next tick for this session, before it reads any audio. So an
 * {@link AudioSource} is read and told {@link AudioSource#finished} on the clock thread only, never after its end
 * is applied, and the packet of the tick that applies a change is the first one to carry it.
 *
 * <p>Lifecycle: {@link #close} stops the session at once for everyone but the clock: the ports are closed and
 * released, and no incoming packet is used after it returns (one the receive thread had already read is counted as
 * dropped). A tick of this session already under way on the clock thread may still finish (its send, if after the
 * close, fails quietly on the closed channel). Whatever is playing or queued then
 * hears {@code finished(false)} once: on the clock thread right after its current tick when the clock was ticking
 * this session (also when {@code close} is called from inside that tick), otherwise on the thread that closes it.
 * A source passed to {@link #play} after close hears it on the calling thread.
 */
public final class RtpSession implements AutoCloseable {
    /** Samples decoded at a time for in-band DTMF detection: one 20 ms packet. */
    private static final int INBOUND_CHUNK = 160;

    private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
    /** The queued request "stop playback" (the queue holds no nulls). */
    private static final AudioSource STOP = (pcm8k, count) -> 0;

    /** What start()/update() negotiated; replaced as a whole so the media threads see a consistent set. */
    private record Negotiated(InetSocketAddress remote, Codec codec, int audioPayloadType,
                              int telephoneEventPayloadType) {
    }

    private final MediaEngine engine;
    private final MediaListener listener;
    private final DatagramChannel rtpChannel;
    private final DatagramChannel rtcpChannel;
    private final int localPort;
    private final int ssrc;
    private final int samplesPerPacket;
    private final long rtpTimeoutNanos;
    private final Rfc4733Receiver dtmfReceiver;
    /** Keys sent to the peer (send_dtmf); owns the outgoing packet while it has something to send. */
    private final DtmfSender dtmfSender;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** play()/stopPlayback() requests not applied yet, oldest first; {@link #STOP} stands for a stop. */
    private final ConcurrentLinkedQueue<AudioSource> playbackChanges = new ConcurrentLinkedQueue<>();
    /** Set once the last queued change has been handed over on close: later requests are ended by their caller. */
    private volatile boolean retired;

    private volatile Negotiated negotiated;
    /** Where the peer's packets actually come from (symmetric RTP); preferred over the SDP address once known. */
    private volatile InetSocketAddress latchedRemote;
    /** Start of the inactivity window: start()/update() time, then each packet's arrival. */
    private volatile long inactivityBaseNanos;
    private volatile long lastPacketNanos;

    // Used only by the receive thread: in-band DTMF on the decoded inbound audio, and its decode buffer.
    private final InbandDtmfDetector inbandDetector;
    private final short[] inboundPcm = new short[INBOUND_CHUNK];
    /** The arrival time of the packet being handled, for the digits and audio it yields (engine clock, ms). */
    private long packetArrivalMillis;

    // Written only by the receive thread.
    private volatile long packetsIn;
    private volatile long bytesIn;
    private volatile long dtmfPacketsIn;
    private volatile long droppedMalformed;
    private volatile long droppedClosed;
    private volatile long droppedBeforeStart;
    private volatile long droppedOwnSsrc;
    private volatile long droppedUnknownPayloadType;
    /** The gaps in the accepted stream's sequence numbers (receive thread), published in {@link #lostIn}. */
    private final SequenceGaps gaps = new SequenceGaps();
    private volatile long lostIn;

    // Written only by the media clock thread.
    private volatile long packetsOut;
    private volatile long bytesOut;
    private final byte[] sendArray;
    /** Direct, so the channel sends from it as it is instead of copying it into a temporary direct buffer. */
    private final ByteBuffer sendBuffer;
    private final int initialTimestamp;
    private int nextSequence;
    private long firstTick = -1;
    private boolean timedOut;
    /** The source in the playback slot, or null; volatile so that {@link #isPlaying} may read it on any thread. */
    private volatile AudioSource playing;

    RtpSession(MediaEngine engine, MediaListener listener, DatagramChannel rtpChannel, DatagramChannel rtcpChannel,
               int localPort, int samplesPerPacket, long rtpTimeoutNanos) {
        this.engine = engine;
        this.listener = listener;
        this.rtpChannel = rtpChannel;
        this.rtcpChannel = rtcpChannel;
        this.localPort = localPort;
        this.samplesPerPacket = samplesPerPacket;
        this.rtpTimeoutNanos = rtpTimeoutNanos;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.ssrc = random.nextInt();
        this.initialTimestamp = random.nextInt();
        this.nextSequence = random.nextInt(0x10000);
        this.sendArray = new byte[RtpHeader.FIXED_LENGTH + samplesPerPacket];
        this.sendBuffer = ByteBuffer.allocateDirect(sendArray.length);
        this.dtmfReceiver = new Rfc4733Receiver(this::deliverDigit);
        this.dtmfSender = new DtmfSender(samplesPerPacket);
        this.inbandDetector = new InbandDtmfDetector(this::deliverInbandDigit);
    }

    /** The local RTP port (even); RTCP is on the next port. */
    public int localPort() {
        return localPort;
    }

    public int localRtcpPort() {
        return localPort + 1;
    }

    /** Our SSRC for the outgoing stream. */
    public int ssrc() {
        return ssrc;
    }

    public boolean isStarted() {
        return negotiated != null;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Where packets are sent now: the latched source of the peer's packets if any, else the SDP address. */
    public InetSocketAddress remote() {
        InetSocketAddress latched = latchedRemote;
        Negotiated n = negotiated;
        return latched != null ? latched : n == null ? null : n.remote();
    }

    /**
     * Begins media: the clock starts sending every packet time to {@code remote}, incoming telephone-events are
     * decoded, and the RTP inactivity timer starts. Calling it again acts as {@link #update}.
     *
     * @param telephoneEventPayloadType the negotiated telephone-event payload type, or -1 if none
     */
    public void start(InetSocketAddress remote, Codec codec, int audioPayloadType, int telephoneEventPayloadType) {
        update(remote, codec, audioPayloadType, telephoneEventPayloadType);
    }

    /**
     * Applies a re-negotiation (re-INVITE): new remote address, codec or payload types. The outgoing stream keeps
     * its SSRC, sequence and timestamp; the latched address is forgotten until the peer's next packet, and the
     * inactivity timer restarts.
     */
    public void update(InetSocketAddress remote, Codec codec, int audioPayloadType, int telephoneEventPayloadType) {
        if (remote == null || codec == null) {
            throw new IllegalArgumentException("remote and codec are required");
        }
        if (audioPayloadType < 0 || audioPayloadType > 127 || telephoneEventPayloadType > 127) {
            throw new IllegalArgumentException("bad payload type");
        }
        if (closed.get()) {
            throw new IllegalStateException("session closed");
        }
        boolean first = negotiated == null;
        latchedRemote = null;
        inactivityBaseNanos = System.nanoTime();
        negotiated = new Negotiated(remote, codec, audioPayloadType, telephoneEventPayloadType);
        if (first) {
            engine.startSending(this);
        }
    }

    /**
     * Plays {@code source} instead of silence from the next tick, replacing (and finishing with {@code false}) any
     * source playing then. {@code source} hears exactly one {@link AudioSource#finished}, also when the session is
     * or gets closed first.
     */
    public void play(AudioSource source) {
        if (source == null) {
            throw new IllegalArgumentException("source");
        }
        requestPlayback(source);
    }

    /** Stops playback, if any: silence from the next tick, where the source hears {@code finished(false)}. */
    public void stopPlayback() {
        requestPlayback(STOP);
    }

    private void requestPlayback(AudioSource change) {
        playbackChanges.add(change);
        if (retired) {
            // Closed and handed over already: nobody else will apply it. Dekker-style with retire(): queue, then
            // check; retire() sets the flag, then drains; so one of the two sees the request.
            endUnapplied();
        }
    }

    /**
     * Sends keys to the peer after any sent before: RFC 4733 events when telephone-event was negotiated, else
     * in-band tones (see {@link DtmfSender}). While keys are sent the playing source is not read: a prompt pauses
     * under them and goes on afterwards from where it was.
     *
     * @param digits         {@code 0-9 * # A-D} and the pauses {@code w} (0.5 s) and {@code W} (1 s)
     * @param durationMillis how long each key sounds
     * @return false, queuing none of them, when more than {@link DtmfSender#MAX_PENDING} keys and pauses would wait
     */
    public boolean sendDtmf(String digits, int durationMillis) {
        return dtmfSender.enqueue(digits, durationMillis);
    }

    /** Keys and pauses of {@link #sendDtmf} accepted and not started yet. */
    public int dtmfPending() {
        return dtmfSender.pending();
    }

    /** A source is playing: from the tick that applies {@link #play} until it runs out or a stop is applied. */
    public boolean isPlaying() {
        return playing != null;
    }

    public RtpStats stats() {
        return new RtpStats(packetsIn, bytesIn, packetsOut, bytesOut, dtmfPacketsIn,
                new RtpStats.Drops(droppedMalformed, droppedClosed, droppedBeforeStart, droppedOwnSsrc,
                        droppedUnknownPayloadType), lostIn);
    }

    /** Stops sending and receiving and releases the ports; see Lifecycle above for what may still run. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dtmfSender.cancel();
        engine.closed(this); // calls retire(), now or on the clock thread after its current tick
        closeQuietly(rtpChannel);
        closeQuietly(rtcpChannel);
        engine.releasePorts(this);
        log.info("RTP session on port {} ended: {}", localPort, stats().summary());
    }

    /**
     * The end of a closed session's playback: applies what is queued and stops what plays. Called once, by the
     * thread that owns the playback slot: the clock after its tick, or the closer when no clock ticks the session.
     */
    void retire() {
        retired = true;
        applyPlaybackChanges();
        setPlaying(null);
        endUnapplied(); // a play() racing this one
    }

    /** Ends requests nobody will apply any more (after retire); each is polled, so ended, by one thread only. */
    private void endUnapplied() {
        AudioSource change;
        while ((change = playbackChanges.poll()) != null) {
            if (change != STOP) {
                finish(change, false);
            }
        }
    }

    DatagramChannel rtpChannel() {
        return rtpChannel;
    }

    DatagramChannel rtcpChannel() {
        return rtcpChannel;
    }

    // ---- receive thread ----

    /**
     * One datagram from the RTP port.
     *
     * @param nowNanos      arrival on {@link System#nanoTime()}, for the timers of the media threads
     * @param arrivalMillis arrival on the engine's clock, carried with each digit and audio chunk to the call
     */
    void onRtpPacket(byte[] packet, int length, InetSocketAddress source, long nowNanos, long arrivalMillis) {
        int headerLength = RtpHeader.headerLength(packet, 0, length);
        // Every datagram is counted, and every exit before the packet is used counts its reason.
        packetsIn++;
        bytesIn += length;
        if (closed.get()) {
            droppedClosed++;
            return;
        }
        int payloadLength = headerLength < 0 ? -1 : RtpHeader.payloadLength(packet, 0, length);
        if (payloadLength < 0) {
            droppedMalformed++;
            return;
        }
        lastPacketNanos = nowNanos;
        Negotiated n = negotiated;
        if (n == null) {
            droppedBeforeStart++; // early packets: counted, nothing to decode yet
            return;
        }
        if (RtpHeader.ssrc(packet, 0) == ssrc) {
            // Our own stream come back (a peer or network that reflects RTP, RFC 3550 8.2): never hear our own keys.
            droppedOwnSsrc++;
            return;
        }
        int payloadType = RtpHeader.payloadType(packet, 0);
        boolean telephoneEvent = payloadType == n.telephoneEventPayloadType();
        if (!telephoneEvent && payloadType != n.audioPayloadType()) {
            droppedUnknownPayloadType++; // neither decoded nor trusted for latching
            return;
        }
        if (!source.equals(latchedRemote)) {
            latchedRemote = source;
        }
        packetArrivalMillis = arrivalMillis;
        gaps.onPacket(RtpHeader.ssrc(packet, 0), RtpHeader.sequence(packet, 0));
        lostIn = gaps.lost();
        if (telephoneEvent) {
            dtmfPacketsIn++;
            synchronized (dtmfReceiver) {
                dtmfReceiver.onPacket(RtpHeader.ssrc(packet, 0), RtpHeader.sequence(packet, 0),
                        RtpHeader.timestamp(packet, 0), RtpHeader.marker(packet, 0), packet, headerLength,
                        payloadLength, nowNanos / 1_000_000);
            }
        } else {
            detectInband(n.codec(), packet, headerLength, payloadLength);
        }
    }

    /**
     * Decodes the audio payload in chunks into the session's buffer, runs the in-band DTMF detector on it and hands
     * it to the listener (the conversation's voice activity detector).
     */
    private void detectInband(Codec codec, byte[] packet, int offset, int length) {
        for (int done = 0; done < length; done += INBOUND_CHUNK) {
            int count = Math.min(INBOUND_CHUNK, length - done);
            if (codec == Codec.PCMU) {
                G711.ulawToLinear(packet, offset + done, count, inboundPcm, 0);
            } else {
                G711.alawToLinear(packet, offset + done, count, inboundPcm, 0);
            }
            inbandDetector.process(inboundPcm, 0, count);
            try {
                listener.onAudio(inboundPcm, 0, count, packetArrivalMillis);
            } catch (RuntimeException e) {
                log.warn("MediaListener.onAudio failed", e);
            }
        }
    }

    // Both detectors report from inside the handling of the packet that completed the key, on the receive thread,
    // so that packet's arrival is the digit's.
    private void deliverInbandDigit(char digit) {
        try {
            listener.onDigit(digit, DigitSource.INBAND, packetArrivalMillis);
        } catch (RuntimeException e) {
            log.warn("MediaListener.onDigit failed", e);
        }
    }

    private void deliverDigit(char digit) {
        try {
            listener.onDigit(digit, DigitSource.RFC4733, packetArrivalMillis);
        } catch (RuntimeException e) {
            log.warn("MediaListener.onDigit failed", e);
        }
    }

    // ---- media clock thread ----

    /**
     * One packet time: queued playback changes, time-outs, then one outgoing packet. {@code pcm} is the clock
     * thread's scratch buffer.
     */
    void onTick(long tick, long nowNanos, short[] pcm) {
        Negotiated n = negotiated;
        if (n == null || closed.get()) {
            return;
        }
        applyPlaybackChanges();
        checkInactivity(nowNanos);
        if (closed.get()) {
            return; // closed by the time-out listener: retire() follows this tick
        }
        if (n.telephoneEventPayloadType() >= 0) {
            synchronized (dtmfReceiver) {
                dtmfReceiver.poll(nowNanos / 1_000_000);
            }
        }
        sendPacket(tick, n, pcm);
    }

    private void applyPlaybackChanges() {
        AudioSource change;
        while ((change = playbackChanges.poll()) != null) {
            setPlaying(change == STOP ? null : change);
        }
    }

    /** Replaces the playing source, finishing the one replaced (a source replaced by itself goes on). */
    private void setPlaying(AudioSource next) {
        AudioSource previous = playing;
        if (previous == next) {
            return;
        }
        playing = next;
        if (previous != null) {
            finish(previous, false);
        }
    }

    private void checkInactivity(long nowNanos) {
        if (timedOut) {
            return;
        }
        long base = Math.max(inactivityBaseNanos, lastPacketNanos);
        if (nowNanos - base >= rtpTimeoutNanos) {
            timedOut = true;
            try {
                listener.onRtpTimeout();
            } catch (RuntimeException e) {
                log.warn("MediaListener.onRtpTimeout failed", e);
            }
        }
    }

    private void sendPacket(long tick, Negotiated n, short[] pcm) {
        boolean marker = firstTick < 0;
        if (marker) {
            firstTick = tick;
        }
        // The timestamp follows the clock's tick index, so skipped ticks show up as a timestamp gap.
        int timestamp = initialTimestamp + (int) ((tick - firstTick) * samplesPerPacket);
        int length = dtmfSender.fill(sendArray, nextSequence, timestamp, ssrc, n.codec(), n.audioPayloadType(),
                n.telephoneEventPayloadType(), pcm);
        if (length == 0) {
            int header = RtpHeader.write(sendArray, 0, marker, n.audioPayloadType(), nextSequence, timestamp, ssrc);
            fillPayload(n.codec(), pcm, header);
            length = header + samplesPerPacket;
        }
        nextSequence = (nextSequence + 1) & 0xFFFF;

        InetSocketAddress latched = latchedRemote;
        InetSocketAddress target = latched != null ? latched : n.remote();
        sendBuffer.clear();
        sendBuffer.put(sendArray, 0, length).flip();
        try {
            int sent = rtpChannel.send(sendBuffer, target);
            if (sent > 0) {
                packetsOut++;
                bytesOut += sent;
            }
        } catch (IOException e) {
            if (!closed.get()) {
                log.debug("RTP send to {} failed: {}", target, e.toString());
            }
        }
    }

    private void fillPayload(Codec codec, short[] pcm, int offset) {
        AudioSource source = playing;
        if (source == null) {
            Arrays.fill(sendArray, offset, offset + samplesPerPacket, codec.silence());
            return;
        }
        int got;
        try {
            got = Math.max(0, Math.min(samplesPerPacket, source.read(pcm, samplesPerPacket)));
        } catch (RuntimeException e) {
            log.warn("AudioSource.read failed; playback stopped", e);
            got = 0;
        }
        if (got < samplesPerPacket) {
            Arrays.fill(pcm, got, samplesPerPacket, (short) 0);
            playing = null;
            finish(source, true);
        }
        codec.encode(pcm, 0, samplesPerPacket, sendArray, offset);
    }

    private static void finish(AudioSource source, boolean completed) {
        try {
            source.finished(completed);
        } catch (RuntimeException e) {
            log.warn("AudioSource.finished failed", e);
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: the port is released either way
        }
    }
}
