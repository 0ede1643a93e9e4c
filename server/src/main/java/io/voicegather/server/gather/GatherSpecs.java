package io.voicegather.server.gather;

import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.GatherCommand;

/** Builds the {@link GatherSpec} of a validated {@code gather} command. */
public final class GatherSpecs {
    private GatherSpecs() {
    }

    public static GatherSpec of(GatherCommand command) {
        String terminator = command.terminatingDigit();
        char terminatingDigit = terminator == null || terminator.isEmpty() ? 0 : terminator.charAt(0);
        return new GatherSpec(command.minimumDigits(), command.maximumDigits(), command.timeoutMillis(),
                command.initialTimeoutMillis(), command.interDigitTimeoutMillis(), terminatingDigit,
                command.validDigits(), command.gatherId());
    }

    /** The spec of a {@code gather} sent with an empty body (Telnyx's documented defaults). */
    public static GatherSpec defaults(String gatherId) {
        return of(new GatherCommand(CommandMeta.NONE, GatherCommand.DEFAULT_MINIMUM_DIGITS,
                GatherCommand.DEFAULT_MAXIMUM_DIGITS, GatherCommand.DEFAULT_TIMEOUT_MILLIS,
                GatherCommand.DEFAULT_INITIAL_TIMEOUT_MILLIS, GatherCommand.DEFAULT_INTER_DIGIT_TIMEOUT_MILLIS,
                GatherCommand.DEFAULT_TERMINATING_DIGIT, GatherCommand.DEFAULT_VALID_DIGITS, gatherId));
    }
}
