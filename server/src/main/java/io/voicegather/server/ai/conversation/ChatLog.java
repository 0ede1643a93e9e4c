package io.voicegather.server.ai.conversation;

import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.server.ai.llm.ChatMessage;
import io.voicegather.server.ai.llm.ToolCall;

import java.util.ArrayList;
import java.util.List;

/** What a language model is shown: the system prompt, then every message of the conversation, tool traffic included. */
final class ChatLog {
    private final List<ChatMessage> messages = new ArrayList<>();

    ChatLog(String systemPrompt) {
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            messages.add(ChatMessage.system(systemPrompt));
        }
    }

    void add(ChatMessage message) {
        messages.add(message);
    }

    void addAll(List<AiMessage> history) {
        for (AiMessage m : history) {
            messages.add(toChat(m));
        }
    }

    List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    static ChatMessage toChat(AiMessage m) {
        List<ToolCall> calls = new ArrayList<>();
        for (AiMessage.ToolCall c : m.toolCalls()) {
            calls.add(new ToolCall(c.id(), c.name(), c.argumentsJson() == null ? "{}" : c.argumentsJson()));
        }
        return new ChatMessage(m.role().wireName(), m.content(), calls, m.toolCallId());
    }
}
