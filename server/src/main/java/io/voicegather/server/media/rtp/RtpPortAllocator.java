package io.voicegather.server.media.rtp;

import java.util.BitSet;

/**
 * Hands out RTP port pairs from a range: an even RTP port and the odd RTCP port just above it (RFC 3550 §11).
 * Allocation walks the range round-robin so a just-released pair is the last to be reused, which keeps late
 * packets of an old call away from a new one. Thread-safe.
 */
public final class RtpPortAllocator {
    private final int minPort;
    private final int maxPort;
    private final int firstRtpPort;
    private final int pairs;
    private final BitSet used;
    private int cursor;
    private int inUse;

    /**
     * @param minPort lowest port that may be used (rounded up to even)
     * @param maxPort highest port that may be used (an RTCP port can be at most this)
     */
    public RtpPortAllocator(int minPort, int maxPort) {
        if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
            throw new IllegalArgumentException("bad RTP port range " + minPort + "-" + maxPort);
        }
        this.minPort = minPort;
        this.maxPort = maxPort;
        this.firstRtpPort = (minPort + 1) & ~1;
        this.pairs = Math.max(0, (maxPort - firstRtpPort + 1) / 2);
        if (pairs == 0) {
            throw new IllegalArgumentException("RTP port range " + minPort + "-" + maxPort + " holds no even/odd pair");
        }
        this.used = new BitSet(pairs);
    }

    /** Reserves a pair and returns its (even) RTP port; the RTCP port is that plus one. */
    public synchronized int allocate() throws PortRangeExhaustedException {
        if (inUse == pairs) {
            throw new PortRangeExhaustedException(minPort, maxPort, pairs);
        }
        int index = used.nextClearBit(cursor);
        if (index >= pairs) {
            index = used.nextClearBit(0);
        }
        used.set(index);
        inUse++;
        cursor = index + 1 == pairs ? 0 : index + 1;
        return firstRtpPort + 2 * index;
    }

    /** Returns a pair to the pool. Releasing a port that is not allocated is ignored. */
    public synchronized void release(int rtpPort) {
        int index = indexOf(rtpPort);
        if (index >= 0 && used.get(index)) {
            used.clear(index);
            inUse--;
        }
    }

    public synchronized boolean isAllocated(int rtpPort) {
        int index = indexOf(rtpPort);
        return index >= 0 && used.get(index);
    }

    public synchronized int inUse() {
        return inUse;
    }

    public int capacity() {
        return pairs;
    }

    private int indexOf(int rtpPort) {
        int offset = rtpPort - firstRtpPort;
        if (offset < 0 || (offset & 1) != 0 || offset / 2 >= pairs) {
            return -1;
        }
        return offset / 2;
    }
}
