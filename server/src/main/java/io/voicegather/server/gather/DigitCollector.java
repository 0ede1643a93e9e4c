package io.voicegather.server.gather;

/**
 * One round of DTMF collection: the digit buffer and the timers that bound it. It does not guard against a second
 * ending; {@link GatherMachine} does. Kept separate so that prompt-driven gathers (tries, a no-input timer that starts
 * when the prompt ends, an invalid prompt) can run one collector per try without duplicating the digit rules.
 *
 * <p>Timers: the key timer is the initial timer until the first key, then the inter-digit timer re-armed on every
 * key. The overall deadline is fixed at construction ({@link Deadlines#NEVER} for none). The earliest one wins.
 */
final class DigitCollector {
    private final GatherSpec spec;
    private final long overallDeadline;
    private final StringBuilder digits;
    private long keyDeadline = Deadlines.NEVER;
    private boolean anyKey;
    private boolean allListed = true;

    DigitCollector(GatherSpec spec, long overallDeadline) {
        this.spec = spec;
        this.overallDeadline = overallDeadline;
        this.digits = new StringBuilder(Math.min(spec.maximumDigits(), 16));
    }

    /** Starts the wait for the first key. Has no effect once a key was pressed (the inter-digit timer rules then). */
    void armInitialTimer(long now) {
        if (!anyKey) {
            keyDeadline = Deadlines.after(now, spec.initialTimeoutMillis());
        }
    }

    /** Takes one key. Returns the judged status if this key ends the round, else null. */
    GatherStatus onKey(char key, long now) {
        anyKey = true;
        keyDeadline = Deadlines.after(now, spec.interDigitTimeoutMillis());
        if (spec.terminatingDigit() != 0 && key == spec.terminatingDigit()) {
            return judge();
        }
        digits.append(key);
        if (spec.validDigits().indexOf(key) < 0) {
            allListed = false;
        }
        return digits.length() >= spec.maximumDigits() ? judge() : null;
    }

    /** The earliest armed deadline, {@link Deadlines#NEVER} if none is armed. */
    long nextDeadline() {
        return Math.min(keyDeadline, overallDeadline);
    }

    /** What the round amounts to if it ended now. */
    GatherStatus judge() {
        return DigitJudge.judge(spec, anyKey, digits.length(), allListed);
    }

    String digits() {
        return digits.toString();
    }

    boolean anyKey() {
        return anyKey;
    }
}
