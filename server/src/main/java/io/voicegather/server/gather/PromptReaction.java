package io.voicegather.server.gather;

import java.util.List;
import java.util.Optional;

/**
 * What one input to a {@link PromptedGatherMachine} asks of its owner: the media effects to perform, in order, and
 * the gather's outcome if this input ended it. After every input the owner (re)schedules its timer at
 * {@link PromptedGatherMachine#nextDeadline()}.
 */
public record PromptReaction(List<PromptEffect> effects, Optional<GatherOutcome> outcome) {

    static final PromptReaction NOTHING = new PromptReaction(List.of(), Optional.empty());

    public PromptReaction {
        effects = List.copyOf(effects);
    }

    public boolean ended() {
        return outcome.isPresent();
    }
}
