package io.voicegather.client.services.async;

import io.voicegather.client.core.HttpTransport;
import io.voicegather.client.services.async.ai.AssistantServiceAsync;

/** {@code client.async().ai()}: the AI resources; today the stored assistants. Thread-safe. */
public final class AiServiceAsync {
    private final AssistantServiceAsync assistants;

    public AiServiceAsync(HttpTransport transport) {
        this.assistants = new AssistantServiceAsync(transport);
    }

    public AssistantServiceAsync assistants() {
        return assistants;
    }
}
