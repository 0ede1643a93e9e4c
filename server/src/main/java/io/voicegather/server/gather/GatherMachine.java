package io.voicegather.server.gather;

import io.voicegather.api.command.DtmfKey;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state machine of one DTMF {@code gather} (no prompt). Pure: no threads, no clock; every input carries its time
 * in milliseconds: a key the time it arrived, every other input the owner's clock when it runs. A key queued behind
 * another input may thus be a little older than that input; it is judged at its own time ("When a key arrived" in
 * docs/gather-semantics.md). Not thread-safe: the owner (the call's strand) feeds it one input at a time. The rules
 * are written down, row by row, in docs/gather-semantics.md.
 *
 * <p>The owner schedules a timer at {@link #nextDeadline()} after every input and calls {@link #onTimer(long)} when it
 * fires; an early or stale call is a no-op. Every input first settles any deadline that has already passed, so a
 * timer delivered late (or queued behind a key, a gather_stop or a hangup) gives the same outcome, at the same
 * logical time, as one delivered on time.
 *
 * <p>Exactly one outcome per machine: the first method that returns a non-empty result is the last.
 */
public final class GatherMachine {
    private final GatherSpec spec;
    private final long acceptedAt;
    private final DigitCollector collector;
    private GatherOutcome outcome;
    private long endedAt;

    /**
     * @param acceptedAtMillis when the gather command was accepted: the initial and overall timers start here
     */
    public GatherMachine(GatherSpec spec, long acceptedAtMillis) {
        this.spec = Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(spec.validDigits(), "validDigits");
        if (spec.maximumDigits() < 1 || spec.timeoutMillis() < 0 || spec.initialTimeoutMillis() < 0
                || spec.interDigitTimeoutMillis() < 0) {
            throw new IllegalArgumentException("unusable gather spec: " + spec);
        }
        this.acceptedAt = acceptedAtMillis;
        this.collector = new DigitCollector(spec, Deadlines.after(acceptedAtMillis, spec.timeoutMillis()));
        collector.armInitialTimer(acceptedAtMillis);
    }

    /**
     * A key the caller pressed ({@code 0-9 * # A-D}). A key stamped before the gather was accepted is ignored: there
     * is no type-ahead.
     *
     * @throws IllegalArgumentException for a character that is not a DTMF key
     */
    public Optional<GatherOutcome> onDigit(char digit, long now) {
        if (!DtmfKey.isKey(digit)) {
            throw new IllegalArgumentException("not a DTMF key: " + (int) digit);
        }
        if (outcome != null || now < acceptedAt) {
            return Optional.empty();
        }
        Optional<GatherOutcome> due = settle(now);
        if (due.isPresent()) {
            return due;
        }
        GatherStatus status = collector.onKey(digit, now);
        if (status != null) {
            return end(status, now);
        }
        return settle(now); // a zero inter-digit timeout ends at once
    }

    /** The owner's timer fired. Ends the gather if a deadline has passed; otherwise (early or stale) does nothing. */
    public Optional<GatherOutcome> onTimer(long now) {
        return outcome != null ? Optional.empty() : settle(now);
    }

    /** gather_stop, or a new gather on the same call: ends with CANCELLED and the digits so far. */
    public Optional<GatherOutcome> cancel(long now) {
        return interrupt(GatherStatus.CANCELLED, now);
    }

    /** The call ended: ends with CALL_HANGUP and the digits so far. */
    public Optional<GatherOutcome> hangup(long now) {
        return interrupt(GatherStatus.CALL_HANGUP, now);
    }

    /** When the owner should call {@link #onTimer(long)}; {@link Long#MAX_VALUE} once ended. */
    public long nextDeadline() {
        return outcome != null ? Long.MAX_VALUE : collector.nextDeadline();
    }

    public boolean ended() {
        return outcome != null;
    }

    /** The logical time of the ending (the deadline itself when a timer ended it), empty while running. */
    public OptionalLong endedAt() {
        return outcome != null ? OptionalLong.of(endedAt) : OptionalLong.empty();
    }

    public String gatherId() {
        return spec.gatherId();
    }

    private Optional<GatherOutcome> interrupt(GatherStatus status, long now) {
        if (outcome != null) {
            return Optional.empty();
        }
        Optional<GatherOutcome> due = settle(now);
        // a clock read just before acceptance must not date the ending before the gather began
        return due.isPresent() ? due : end(status, Math.max(now, acceptedAt));
    }

    private Optional<GatherOutcome> settle(long now) {
        long deadline = collector.nextDeadline();
        return now >= deadline ? end(collector.judge(), deadline) : Optional.empty();
    }

    private Optional<GatherOutcome> end(GatherStatus status, long at) {
        outcome = new GatherOutcome(status, collector.digits(), spec.gatherId());
        endedAt = at;
        return Optional.of(outcome);
    }
}
