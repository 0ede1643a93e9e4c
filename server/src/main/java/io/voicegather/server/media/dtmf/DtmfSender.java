package io.voicegather.server.media.dtmf;

import io.voicegather.api.command.DtmfKey;
import io.voicegather.api.command.SendDtmfCommand;
import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.rtp.RtpHeader;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends keys to the peer, one packet per media clock tick, in place of the call's outgoing audio while it has
 * something to send. Each request is a string of keys ({@code 0-9 * # A-D}) and pauses ({@code w} 0.5 s,
 * {@code W} 1 s) with one tone length; requests are sent one after the other in the order given.
 *
 * <p>A key is sent as RFC 4733 telephone-events when the call negotiated a telephone-event payload type (checked
 * at the start of each key), else as in-band Q.23 dual tones in the call's G.711 law:
 * <ul>
 *   <li>RFC 4733: for a tone of T samples (8 per ms), packets on the event payload type in the audio stream's SSRC
 *       and sequence; all carry the RTP timestamp of the first one (the tick the key started), which has the marker
 *       bit; volume 10; the k-th packet's duration is (k+1)&times;160 until the last packet time of the tone, which
 *       carries the end bit and the duration T; that end packet is sent again in the two following packet times
 *       (three in all, new sequence numbers, same duration).</li>
 *   <li>In-band: the row and column sines at {@link #ROW_DBM0} / {@link #COLUMN_DBM0} for T samples, the rest of
 *       the last packet silent.</li>
 * </ul>
 * Every key is followed by {@link #GAP_MILLIS} of silence; a pause is that much silence. Silence and tones are
 * sent as audio packets on the audio payload type, with the stream's own timestamps.
 *
 * <p>At most {@link #MAX_PENDING} keys and pauses wait on one sender (those not started yet, of every request
 * queued); a request that would go past it is refused as a whole, so an application cannot grow a call's queue
 * without limit.
 *
 * <p>Threading: {@link #enqueue}, {@link #pending} and {@link #cancel} from any thread; everything else on the media
 * clock thread only. {@link #fill} allocates nothing.
 */
public final class DtmfSender {
    /** Silence after every key, so the receiver sees separate presses (Q.24 needs at least 40 ms). */
    public static final int GAP_MILLIS = 100;
    /** Times the end packet is sent (RFC 4733 §2.5.1.4 recommends three). */
    public static final int END_PACKETS = 3;
    /** The RFC 4733 volume field: the power level as -dBm0. */
    public static final int VOLUME = 10;
    /** In-band levels: the column (high) tone 2 dB above the row (low) tone, both well within Q.24's limits. */
    public static final double ROW_DBM0 = -8;
    public static final double COLUMN_DBM0 = -6;
    /**
     * Keys and pauses that may wait to be sent on one call: eight send_dtmf of the 128-character maximum. That is
     * more than any IVR dialogue needs (minutes of keys) and still bounds what one call holds to a few kilobytes
     * and at most about 17 minutes of sending (1024 one-second pauses).
     */
    public static final int MAX_PENDING = 1024;

    private static final int SAMPLES_PER_MILLI = Codec.CLOCK_RATE / 1000;
    private static final double ROW_AMPLITUDE = DtmfLevels.sineAmplitude(ROW_DBM0);
    private static final double COLUMN_AMPLITUDE = DtmfLevels.sineAmplitude(COLUMN_DBM0);

    /** One send_dtmf; {@code generation} ties it to the cancel() epoch it was queued in. */
    private record Request(String digits, int durationMillis, int generation) {
    }

    /** What the current element is doing. */
    private enum Phase { IDLE, EVENT, TONE, SILENCE }

    private final int samplesPerPacket;
    private final int gapPackets;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    /** Keys and pauses accepted and not started yet (queued requests, and the rest of the current one). */
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;

    // Media clock thread only.
    private Request current;
    private int index;
    private Phase phase = Phase.IDLE;
    /** Packets sent in the current phase. */
    private int step;
    /** Packets the current phase lasts. */
    private int phasePackets;
    private int toneSamples;
    private int event;
    /** The payload type the current key started on, kept for its whole length even if a re-INVITE changes it. */
    private int eventPayloadTypeOfKey;
    private int eventTimestamp;
    // Two recursive sine oscillators: s[n] = 2cos(w) s[n-1] - s[n-2].
    private double rowCoefficient;
    private double rowPrevious;
    private double rowCurrent;
    private double columnCoefficient;
    private double columnPrevious;
    private double columnCurrent;

    /** @param samplesPerPacket samples of one packet time (160 at 20 ms) */
    public DtmfSender(int samplesPerPacket) {
        if (samplesPerPacket < 1) {
            throw new IllegalArgumentException("samplesPerPacket");
        }
        this.samplesPerPacket = samplesPerPacket;
        this.gapPackets = packetsFor(GAP_MILLIS * SAMPLES_PER_MILLI);
    }

    /**
     * Queues keys to send after everything queued before. The caller has checked them: {@code 0-9 * # A-D w W},
     * tone length 1 ms or more.
     *
     * @return false, queuing none of them, when they would make more than {@link #MAX_PENDING} keys and pauses wait
     */
    public boolean enqueue(String digits, int durationMillis) {
        if (digits == null || digits.isEmpty() || durationMillis < 1) {
            throw new IllegalArgumentException("digits and a positive duration are required");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!DtmfKey.isKey(c) && c != SendDtmfCommand.SHORT_PAUSE && c != SendDtmfCommand.LONG_PAUSE) {
                throw new IllegalArgumentException("not a key or pause: " + c);
            }
        }
        int before;
        do {
            before = pending.get();
            if (before + digits.length() > MAX_PENDING) {
                return false;
            }
        } while (!pending.compareAndSet(before, before + digits.length()));
        queue.add(new Request(digits, durationMillis, generation));
        return true;
    }

    /** Keys and pauses accepted and not started yet. */
    public int pending() {
        return pending.get();
    }

    /**
     * Drops everything queued, and stops the key being sent at the next packet time (the call is ending). The rest
     * of the request being sent leaves {@link #pending} at that packet time.
     */
    public void cancel() {
        generation++;
        for (Request dropped = queue.poll(); dropped != null; dropped = queue.poll()) {
            pending.addAndGet(-dropped.digits().length());
        }
    }

    /** True while a request is being sent (media clock thread). */
    public boolean isBusy() {
        return current != null;
    }

    /**
     * This packet time's packet, if the sender owns it: writes header and payload into {@code packet} from index 0
     * and returns its length; returns 0 when there is nothing to send (the normal audio stream goes out).
     *
     * @param sequence          the stream's next sequence number
     * @param timestamp         the stream's RTP timestamp for this packet time
     * @param eventPayloadType  negotiated telephone-event payload type, or -1 to send tones in-band
     * @param pcm               scratch space of at least one packet's samples
     */
    public int fill(byte[] packet, int sequence, int timestamp, int ssrc, Codec codec, int audioPayloadType,
                    int eventPayloadType, short[] pcm) {
        if (current != null && current.generation() != generation) {
            pending.addAndGet(index - current.digits().length());
            current = null; // cancelled
            phase = Phase.IDLE;
        }
        while (phase == Phase.IDLE || step >= phasePackets) {
            if (!advance(eventPayloadType, timestamp)) {
                return 0;
            }
        }
        int length = switch (phase) {
            case EVENT -> writeEvent(packet, sequence, ssrc);
            case TONE -> writeTone(packet, sequence, timestamp, ssrc, codec, audioPayloadType, pcm);
            case SILENCE -> writeSilence(packet, sequence, timestamp, ssrc, codec, audioPayloadType);
            case IDLE -> throw new IllegalStateException();
        };
        step++;
        return length;
    }

    /** Moves to the next phase: the gap after a key, the next element, or the next request. */
    private boolean advance(int eventPayloadType, int timestamp) {
        if (phase == Phase.EVENT || phase == Phase.TONE) {
            begin(Phase.SILENCE, gapPackets);
            return true;
        }
        if (current != null && index >= current.digits().length()) {
            current = null;
        }
        while (current == null) {
            Request next = queue.poll();
            if (next == null) {
                phase = Phase.IDLE;
                return false;
            }
            if (next.generation() == generation) {
                current = next;
                index = 0;
            } else {
                pending.addAndGet(-next.digits().length()); // queued just as cancel() ran
            }
        }
        char c = current.digits().charAt(index++);
        pending.decrementAndGet();
        if (c == SendDtmfCommand.SHORT_PAUSE || c == SendDtmfCommand.LONG_PAUSE) {
            int millis = c == SendDtmfCommand.SHORT_PAUSE ? SendDtmfCommand.SHORT_PAUSE_MILLIS
                    : SendDtmfCommand.LONG_PAUSE_MILLIS;
            begin(Phase.SILENCE, packetsFor(millis * SAMPLES_PER_MILLI));
            return true;
        }
        toneSamples = current.durationMillis() * SAMPLES_PER_MILLI;
        int tonePackets = packetsFor(toneSamples);
        if (eventPayloadType >= 0) {
            event = DtmfKey.eventCode(c);
            eventPayloadTypeOfKey = eventPayloadType;
            eventTimestamp = timestamp;
            begin(Phase.EVENT, tonePackets - 1 + END_PACKETS);
        } else {
            startOscillators(DtmfKey.keypadPosition(c));
            begin(Phase.TONE, tonePackets);
        }
        return true;
    }

    private void begin(Phase next, int packets) {
        phase = next;
        step = 0;
        phasePackets = packets;
    }

    private int packetsFor(int samples) {
        return (samples + samplesPerPacket - 1) / samplesPerPacket;
    }

    private int writeEvent(byte[] packet, int sequence, int ssrc) {
        int header = RtpHeader.write(packet, 0, step == 0, eventPayloadTypeOfKey, sequence, eventTimestamp, ssrc);
        int endStep = phasePackets - END_PACKETS;
        boolean end = step >= endStep;
        int duration = end ? toneSamples : (step + 1) * samplesPerPacket;
        packet[header] = (byte) event;
        packet[header + 1] = (byte) ((end ? 0x80 : 0) | VOLUME);
        packet[header + 2] = (byte) (duration >>> 8);
        packet[header + 3] = (byte) duration;
        return header + 4;
    }

    private int writeTone(byte[] packet, int sequence, int timestamp, int ssrc, Codec codec, int audioPayloadType,
                          short[] pcm) {
        int header = RtpHeader.write(packet, 0, false, audioPayloadType, sequence, timestamp, ssrc);
        int first = step * samplesPerPacket;
        for (int i = 0; i < samplesPerPacket; i++) {
            if (first + i < toneSamples) {
                double row = rowCoefficient * rowCurrent - rowPrevious;
                rowPrevious = rowCurrent;
                rowCurrent = row;
                double column = columnCoefficient * columnCurrent - columnPrevious;
                columnPrevious = columnCurrent;
                columnCurrent = column;
                pcm[i] = (short) Math.round(rowPrevious + columnPrevious);
            } else {
                pcm[i] = 0;
            }
        }
        codec.encode(pcm, 0, samplesPerPacket, packet, header);
        return header + samplesPerPacket;
    }

    private int writeSilence(byte[] packet, int sequence, int timestamp, int ssrc, Codec codec,
                             int audioPayloadType) {
        int header = RtpHeader.write(packet, 0, false, audioPayloadType, sequence, timestamp, ssrc);
        Arrays.fill(packet, header, header + samplesPerPacket, codec.silence());
        return header + samplesPerPacket;
    }

    /**
     * Sets both oscillators so that the first sample they yield is sin(0) = 0 and the n-th is A sin(wn): the state
     * holds s[-1] = A sin(-w) and s[0] = 0, and each step yields the older value.
     */
    private void startOscillators(int key) {
        double rowW = 2 * Math.PI * InbandDtmfDetector.ROW_HZ[key / 4] / Codec.CLOCK_RATE;
        double columnW = 2 * Math.PI * InbandDtmfDetector.COLUMN_HZ[key % 4] / Codec.CLOCK_RATE;
        rowCoefficient = 2 * Math.cos(rowW);
        rowPrevious = -ROW_AMPLITUDE * Math.sin(rowW);
        rowCurrent = 0;
        columnCoefficient = 2 * Math.cos(columnW);
        columnPrevious = -COLUMN_AMPLITUDE * Math.sin(columnW);
        columnCurrent = 0;
    }
}
