package io.voicegather.client;

import io.voicegather.client.core.HttpTransport;
import io.voicegather.client.services.async.AiServiceAsync;
import io.voicegather.client.services.async.CallServiceAsync;
import io.voicegather.client.services.blocking.WebhookService;

/**
 * The asynchronous view of a {@link VoicegatherClient}: the same services, each call returning a
 * {@code CompletableFuture}. Futures complete on the HTTP client's threads; do not block inside their callbacks.
 */
public final class VoicegatherClientAsync {
    private final VoicegatherClient sync;
    private final CallServiceAsync calls;
    private final AiServiceAsync ai;
    private final WebhookService webhooks;

    VoicegatherClientAsync(HttpTransport transport, VoicegatherClient sync) {
        this.sync = sync;
        this.calls = new CallServiceAsync(transport);
        this.ai = new AiServiceAsync(transport);
        this.webhooks = new WebhookService(transport.options().publicKey(), transport.options().clock());
    }

    public CallServiceAsync calls() {
        return calls;
    }

    public AiServiceAsync ai() {
        return ai;
    }

    /** Verification is pure computation, so the async client shares the blocking webhook service. */
    public WebhookService webhooks() {
        return webhooks;
    }

    /** Back to the blocking client. */
    public VoicegatherClient sync() {
        return sync;
    }
}
