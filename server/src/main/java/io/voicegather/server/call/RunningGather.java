package io.voicegather.server.call;

import io.voicegather.server.gather.GatherMachine;
import io.voicegather.server.gather.GatherOutcome;

import java.util.Optional;

/**
 * The gather a call is running, whatever its kind (plain {@code gather}, or one with a prompt), as the call drives it:
 * keys, its timer, cancel and hangup. Exactly one outcome, ever. Used on the call's strand only.
 */
interface RunningGather {
    Optional<GatherOutcome> onDigit(char digit, long now);

    Optional<GatherOutcome> onTimer(long now);

    Optional<GatherOutcome> cancel(long now);

    Optional<GatherOutcome> hangup(long now);

    /** When the owner's timer must fire next; Long.MAX_VALUE for none. */
    long nextDeadline();

    /** A plain DTMF gather. */
    static RunningGather plain(GatherMachine machine) {
        return new RunningGather() {
            @Override
            public Optional<GatherOutcome> onDigit(char digit, long now) {
                return machine.onDigit(digit, now);
            }

            @Override
            public Optional<GatherOutcome> onTimer(long now) {
                return machine.onTimer(now);
            }

            @Override
            public Optional<GatherOutcome> cancel(long now) {
                return machine.cancel(now);
            }

            @Override
            public Optional<GatherOutcome> hangup(long now) {
                return machine.hangup(now);
            }

            @Override
            public long nextDeadline() {
                return machine.nextDeadline();
            }
        };
    }
}
