package io.voicegather.client.services.blocking;

import io.voicegather.client.services.async.AiServiceAsync;
import io.voicegather.client.services.blocking.ai.AssistantService;

/** {@code client.ai()}: the AI resources; today the stored assistants. Thread-safe. */
public final class AiService {
    private final AssistantService assistants;

    public AiService(AiServiceAsync async) {
        this.assistants = new AssistantService(async.assistants());
    }

    public AssistantService assistants() {
        return assistants;
    }
}
