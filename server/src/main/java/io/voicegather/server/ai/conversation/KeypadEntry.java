package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;

import java.util.List;

/**
 * How keys the caller pressed during an AI assistant conversation are written as the caller's turn: one user
 * message whose content is {@code "Keypad: "} followed by the keys exactly as pressed ({@code "Keypad: 42#"}), the
 * same text for the language model and in {@code message_history}, so that a prompt can tell keys from speech. The
 * history message also carries {@code metadata: {"source": "keypad"}}.
 */
final class KeypadEntry {
    static final String PREFIX = "Keypad: ";
    /** An entry this long ends without waiting for {@code #} or the pause (bounds what one turn can hold). */
    static final int MAX_KEYS = 64;

    private KeypadEntry() {
    }

    /** The caller's turn as the model reads it. */
    static String text(String keys) {
        return PREFIX + keys;
    }

    /** The caller's turn as {@code message_history} keeps it. */
    static AiMessage message(String keys) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("source", "keypad");
        return new AiMessage(AiMessage.Role.USER, text(keys), List.of(), null, metadata);
    }
}
