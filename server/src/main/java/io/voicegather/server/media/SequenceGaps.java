package io.voicegather.server.media;

/**
 * Estimates the incoming packets the network lost, from the gaps in the RTP sequence numbers of one stream
 * (RFC 3550 §6.4.1 counts expected minus received; this counts the gaps as they come, which is the same for a
 * stream without duplicates or reordering). A packet older than the highest seen (reordered, duplicated) changes
 * nothing; a jump of {@link #MAX_GAP} or more, or a new SSRC, is a new stream start and counts no loss. Receive
 * thread only; allocates nothing.
 */
final class SequenceGaps {
    /** A forward jump this large is a restarted stream (or a sender's bug), not 3,000 lost packets (a minute). */
    static final int MAX_GAP = 3000;

    private boolean started;
    private int ssrc;
    private int highest;
    private long lost;

    /** A packet of the session's accepted stream. */
    void onPacket(int packetSsrc, int sequence) {
        if (!started || packetSsrc != ssrc) {
            started = true;
            ssrc = packetSsrc;
            highest = sequence;
            return;
        }
        int forward = (sequence - highest) & 0xFFFF;
        if (forward == 0 || forward >= 0x8000) {
            return; // a duplicate or an older packet come late
        }
        if (forward < MAX_GAP) {
            lost += forward - 1;
        }
        highest = sequence;
    }

    long lost() {
        return lost;
    }
}
