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
 * Not thread-safe: used on the call's strand.
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
    boolean accept(char digit, DigitSource source, long nowMillis) {
        while (!recent.isEmpty() && nowMillis - recent.peekFirst().at > WINDOW_MILLIS) {
            recent.removeFirst();
        }
        for (Iterator<Press> it = recent.iterator(); it.hasNext(); ) {
            Press press = it.next();
            if (press.digit == digit && !press.sources.contains(source)) {
                press.sources.add(source);
                return false;
            }
        }
        recent.addLast(new Press(digit, source, nowMillis));
        return true;
    }
}
