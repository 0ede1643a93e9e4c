package io.voicegather.server.sip;

import java.net.InetSocketAddress;
import org.slf4j.Logger;

/**
 * One kind of refusal, logged at most once per interval however often it happens: the count since the last line
 * and the last source. Recording costs no allocation, so a flood cannot flood the log or the heap. Loop thread only.
 */
final class ThrottledWarning {
    private final Logger log;
    private final String what;
    private final long intervalMillis;
    private long pending;
    private InetSocketAddress lastSource;
    private long lastLineAt = Long.MIN_VALUE;

    /** @param what finishes "refused N ...", e.g. "INVITE(s) over the per-source rate (503)" */
    ThrottledWarning(Logger log, String what, long intervalMillis) {
        this.log = log;
        this.what = what;
        this.intervalMillis = intervalMillis;
    }

    void record(InetSocketAddress source, long nowMillis) {
        pending++;
        lastSource = source;
        flush(nowMillis);
    }

    /** Writes the pending count when the interval since the last line has passed. */
    void flush(long nowMillis) {
        if (pending > 0 && (lastLineAt == Long.MIN_VALUE || nowMillis - lastLineAt >= intervalMillis)) {
            log.warn("SIP: refused {} {} since the last report (the last from {})", pending, what, lastSource);
            pending = 0;
            lastLineAt = nowMillis;
        }
    }
}
