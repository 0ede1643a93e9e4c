package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a {@link Brain} decided after one event: what to say, which fields it has newly filled, and whether the
 * conversation ends after that.
 *
 * @param say     text for the caller, or null to say nothing
 * @param filled  fields newly filled by this turn (gathers only), or null
 * @param ending  null to keep listening; else how the conversation ends once {@code say} has been said
 * @param failure a provider failure met on the way ("llm: timed out after 10000 ms"), or null
 */
public record Reply(String say, ObjectNode filled, Ending ending, String failure) {
    /** Nothing to say, nothing filled, no ending: the turn goes on. */
    public static final Reply NONE = new Reply(null, null, null, null);


    public static Reply say(String text) {
        return new Reply(text, null, null, null);
    }

    public Reply withFailure(String what) {
        return new Reply(say, filled, ending, what);
    }
}
