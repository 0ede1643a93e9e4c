package io.voicegather.server.call;

import io.voicegather.server.media.DigitSource;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Iterator;

/**
 * One key press may reach us several ways at once: as RFC 4733 events, as tones in the audio, and as SIP INFO.
 * A digit from one source is taken as the same press as an earlier, equal digit from another source that arrived
 * within {@link #WINDOW_MILLIS}, provided that earlier press has not already been matched by this source. So a phone
 * that sends both events and tones yields one digit per press, and the same key pressed twice stays two digits.
 *
 * <p>Time: every digit carries its arrival time, stamped where its packet was read. The forms of one press come from
 * different threads (the RTP receive thread, the SIP thread), so they may be handed over slightly out of arrival order;
 * the window is therefore measured both ways. When they are processed does not matter.
 *
 * <p>Threading: not thread-safe; used on the call's strand.
 */
final class DigitDeduplicator {
    /** Longest spread between the forms of one press (the in-band detector needs about 25-40 ms). */
    static final long WINDOW_MILLIS = 300;

    /** A press we reported, and the sources it has been seen from. */
    private static final class Press {
        final char digit;
        final long at;
        final EnumSet<DigitSource> sources;

        Press(char digit, DigitSource source, long at) {
            this.digit = digit;
            this.at = at;
            this.sources = EnumSet.of(source);
        }
    }

    private final Deque<Press> recent = new ArrayDeque<>();

    /** True when this digit is a new press to report; false when it repeats a press already reported. */
    boolean accept(char digit, DigitSource source, long arrivalMillis) {
        recent.removeIf(press -> arrivalMillis - press.at > WINDOW_MILLIS);
        for (Iterator<Press> it = recent.iterator(); it.hasNext(); ) {
            Press press = it.next();
            if (press.digit == digit && !press.sources.contains(source)
                    && Math.abs(arrivalMillis - press.at) <= WINDOW_MILLIS) {
                press.sources.add(source);
                return false;
            }
        }
        recent.addLast(new Press(digit, source, arrivalMillis));
        return true;
    }
}
