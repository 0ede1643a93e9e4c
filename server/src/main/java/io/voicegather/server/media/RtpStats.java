package io.voicegather.server.media;

/**
 * Counters of one RTP session. {@code packetsIn}/{@code bytesIn} count every datagram read from the session's RTP
 * port, whole (header included), whether handled or dropped; {@code dtmfPacketsIn} are the telephone-event packets
 * among them; {@code dropped} says why the others were not used; {@code lostIn} estimates the packets the network
 * lost on the way, from the gaps in the sequence numbers ({@link SequenceGaps}). Out: packets sent, whole.
 */
public record RtpStats(long packetsIn, long bytesIn, long packetsOut, long bytesOut, long dtmfPacketsIn,
                       Drops dropped, long lostIn) {
    public static final RtpStats ZERO = new RtpStats(0, 0, 0, 0, 0, new Drops(0, 0, 0, 0, 0), 0);

    /** These counters and {@code o}'s added up (for the server's totals). */
    public RtpStats plus(RtpStats o) {
        return new RtpStats(packetsIn + o.packetsIn, bytesIn + o.bytesIn, packetsOut + o.packetsOut,
                bytesOut + o.bytesOut, dtmfPacketsIn + o.dtmfPacketsIn, dropped.plus(o.dropped), lostIn + o.lostIn);
    }

    /**
     * Incoming packets not used, by reason.
     *
     * @param malformed          not RTP version 2, shorter than its header, CSRC list or extension, or padding
     *                           longer than the payload
     * @param closed             arrived while the session was closing
     * @param beforeStart        arrived before media was negotiated (start): counted, nothing to decode yet
     * @param ownSsrc            carried our own SSRC: our stream reflected back (RFC 3550 8.2)
     * @param unknownPayloadType a payload type that is neither the negotiated audio nor telephone-event one
     */
    public record Drops(long malformed, long closed, long beforeStart, long ownSsrc, long unknownPayloadType) {
        public long total() {
            return malformed + closed + beforeStart + ownSsrc + unknownPayloadType;
        }

        Drops plus(Drops o) {
            return new Drops(malformed + o.malformed, closed + o.closed, beforeStart + o.beforeStart,
                    ownSsrc + o.ownSsrc, unknownPayloadType + o.unknownPayloadType);
        }
    }

    /** The one line logged when a session ends. */
    public String summary() {
        return "in " + packetsIn + " packets / " + bytesIn + " bytes (" + dtmfPacketsIn + " DTMF), out " + packetsOut
                + " packets / " + bytesOut + " bytes, dropped " + dropped.total() + " (malformed "
                + dropped.malformed() + ", closed " + dropped.closed() + ", before start " + dropped.beforeStart()
                + ", own SSRC " + dropped.ownSsrc() + ", unknown payload type " + dropped.unknownPayloadType()
                + "), lost on the way about " + lostIn;
    }
}
