package io.voicegather.server.media.dtmf;

import io.voicegather.api.command.DtmfKey;

/**
 * Turns a stream of RFC 4733 telephone-event packets into key presses, each reported exactly once, at the first
 * packet seen of the press.
 *
 * <p>A pure state machine: no I/O and no clock of its own. The caller passes each packet with its arrival time and
 * calls {@link #poll(long)} now and then so a press whose end packets were all lost gets closed. Not thread-safe:
 * callers on several threads must synchronise on the instance.
 *
 * <p>Rules (RFC 4733 §2.5, and the failure modes seen in deployed senders):
 * <ul>
 *   <li>An event is identified by (SSRC, RTP timestamp). The marker bit is not required (many senders omit it).</li>
 *   <li>Further packets with the same key are updates or end packets; the (usually triple) end packets and any
 *       packet of an event already ended are ignored, whatever their sequence numbers (SIPp repeats one seq).</li>
 *   <li>An event with no packet for {@code endTimeoutMillis} is closed silently, so a lost end produces neither a
 *       second digit nor a stuck event. Default 150 ms after the last packet, as Asterisk does; senders update
 *       every 20-50 ms, so this is several lost packets in a row.</li>
 *   <li>The 16-bit duration may wrap within one timestamp; durations are never used to split presses.</li>
 *   <li>A new timestamp carrying the same event while the previous one has not ended is the same press when it is
 *       either contiguous (a long-event segment, RFC 4733 §2.5.1.3: it starts no later than one packet after the
 *       previous segment's duration) or arrives within {@code continuationWindowMillis} of the last packet (a
 *       middlebox restamping mid-press). Default window 40 ms: one 20 ms packet interval plus as much jitter.</li>
 *   <li>Packets whose timestamp is older than the current event's (same SSRC), or which belong to the event before
 *       it, are late and ignored. After {@code staleAfterMillis} of silence an older timestamp is accepted again, so a
 *       sender that resets its timestamp base (same SSRC) is not ignored for good.</li>
 *   <li>Events 0-9, 10 ({@code *}), 11 ({@code #}) and 12-15 ({@code A}-{@code D}) are digits; all others (flash,
 *       tones) are ignored without touching the state.</li>
 * </ul>
 */
public final class Rfc4733Receiver {

    /** Receives each key press once. Runs on the thread that fed the packet. */
    @FunctionalInterface
    public interface DigitHandler {
        void onDigit(char digit);
    }

    public static final long DEFAULT_END_TIMEOUT_MILLIS = 150;
    public static final long DEFAULT_CONTINUATION_WINDOW_MILLIS = 40;
    public static final long DEFAULT_STALE_AFTER_MILLIS = 2000;
    /** 20 ms of an 8 kHz telephone-event clock. */
    public static final int DEFAULT_PACKET_TIMESTAMP_UNITS = 160;

    private final DigitHandler handler;
    private final long endTimeoutMillis;
    private final long continuationWindowMillis;
    private final long staleAfterMillis;
    private final int packetTimestampUnits;

    // The current (most recent) event.
    private boolean active;
    private int ssrc;
    private int timestamp;
    private int event;
    private boolean ended;
    private int lastSeq;
    private int lastDuration;
    private long durationWraps;
    private long lastPacketMillis;

    // The event before it, so its stragglers are recognised even across an SSRC change.
    private boolean hasPrevious;
    private int previousSsrc;
    private int previousTimestamp;

    private long digitsReported;
    private long packetsIgnored;
    private long endsByTimeout;

    public Rfc4733Receiver(DigitHandler handler) {
        this(handler, DEFAULT_END_TIMEOUT_MILLIS, DEFAULT_CONTINUATION_WINDOW_MILLIS, DEFAULT_STALE_AFTER_MILLIS,
                DEFAULT_PACKET_TIMESTAMP_UNITS);
    }

    public Rfc4733Receiver(DigitHandler handler, long endTimeoutMillis, long continuationWindowMillis,
                           long staleAfterMillis, int packetTimestampUnits) {
        if (handler == null) {
            throw new IllegalArgumentException("handler");
        }
        this.handler = handler;
        this.endTimeoutMillis = endTimeoutMillis;
        this.continuationWindowMillis = continuationWindowMillis;
        this.staleAfterMillis = staleAfterMillis;
        this.packetTimestampUnits = packetTimestampUnits;
    }

    /**
     * Feeds one telephone-event packet.
     *
     * @param payload the RTP payload (event, E/R/volume, duration), {@code length} bytes from {@code offset}
     * @param arrivalMillis when it arrived, on the same monotonic clock as {@link #poll(long)}
     */
    public void onPacket(int ssrc, int seq, int timestamp, boolean marker, byte[] payload, int offset, int length,
                         long arrivalMillis) {
        if (length < 4) {
            packetsIgnored++;
            return;
        }
        int code = payload[offset] & 0xFF;
        boolean end = (payload[offset + 1] & 0x80) != 0;
        int duration = ((payload[offset + 2] & 0xFF) << 8) | (payload[offset + 3] & 0xFF);
        char digit = DtmfKey.fromEventCode(code);
        if (digit == DtmfKey.NONE) {
            packetsIgnored++;
            return;
        }
        if (active && ssrc == this.ssrc && timestamp == this.timestamp) {
            update(seq, end, duration, arrivalMillis);
            return;
        }
        if (hasPrevious && ssrc == previousSsrc && timestamp == previousTimestamp) {
            packetsIgnored++;
            return;
        }
        if (active && ssrc == this.ssrc && timestamp - this.timestamp < 0
                && arrivalMillis - lastPacketMillis < staleAfterMillis) {
            packetsIgnored++;
            return;
        }
        boolean continuation = active && !ended && code == event
                && (isContiguous(ssrc, timestamp) || arrivalMillis - lastPacketMillis <= continuationWindowMillis);
        begin(ssrc, seq, timestamp, code, end, duration, arrivalMillis);
        if (!continuation) {
            digitsReported++;
            handler.onDigit(digit);
        }
    }

    /** Closes an event whose packets stopped without an end (lost end packets). Never reports a digit. */
    public void poll(long nowMillis) {
        if (active && !ended && nowMillis - lastPacketMillis >= endTimeoutMillis) {
            ended = true;
            endsByTimeout++;
        }
    }

    /** True while an event has started and neither an end packet nor the time-out has closed it. */
    public boolean inEvent() {
        return active && !ended;
    }

    public long digitsReported() {
        return digitsReported;
    }

    /** Packets dropped as late, duplicate, malformed or not a digit (repeated end packets included). */
    public long packetsIgnored() {
        return packetsIgnored;
    }

    /** Events closed by {@link #poll(long)} because their end never arrived. */
    public long endsByTimeout() {
        return endsByTimeout;
    }

    private void update(int seq, boolean end, int duration, long arrivalMillis) {
        if (ended) {
            packetsIgnored++;
            return;
        }
        int seqDelta = (short) (seq - lastSeq);
        if (seqDelta > 0) {
            // A duration that falls by more than half the range on a newer packet has wrapped past 0xFFFF.
            if (lastDuration - duration > 0x8000) {
                durationWraps++;
            }
            lastSeq = seq;
            lastDuration = duration;
        }
        lastPacketMillis = arrivalMillis;
        if (end) {
            ended = true;
        }
    }

    /** A long-event segment starts where the previous one's duration left off (allowing one lost update). */
    private boolean isContiguous(int ssrc, int timestamp) {
        if (ssrc != this.ssrc) {
            return false;
        }
        long gap = (timestamp - this.timestamp) & 0xFFFFFFFFL;
        long covered = (durationWraps << 16) + lastDuration;
        return gap > 0 && gap <= covered + packetTimestampUnits;
    }

    private void begin(int ssrc, int seq, int timestamp, int code, boolean end, int duration, long arrivalMillis) {
        if (active) {
            hasPrevious = true;
            previousSsrc = this.ssrc;
            previousTimestamp = this.timestamp;
        }
        active = true;
        this.ssrc = ssrc;
        this.timestamp = timestamp;
        this.event = code;
        this.ended = end;
        this.lastSeq = seq;
        this.lastDuration = duration;
        this.durationWraps = 0;
        this.lastPacketMillis = arrivalMillis;
    }
}
