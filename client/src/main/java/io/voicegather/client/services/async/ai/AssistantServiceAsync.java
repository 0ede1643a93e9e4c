package io.voicegather.client.services.async.ai;

import io.voicegather.client.core.HttpTransport;
import io.voicegather.client.core.PathSegments;
import io.voicegather.client.models.ai.assistants.AssistantCreateParams;
import io.voicegather.client.models.ai.assistants.AssistantDeleteParams;
import io.voicegather.client.models.ai.assistants.AssistantDeleteResponse;
import io.voicegather.client.models.ai.assistants.AssistantRetrieveParams;
import io.voicegather.client.models.ai.assistants.AssistantUpdateParams;
import io.voicegather.client.models.ai.assistants.AssistantsList;
import io.voicegather.client.models.ai.assistants.InferenceEmbedding;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The stored AI assistants, {@code client.async().ai().assistants()}: each returns at once with a future that
 * completes with the answer, or fails with a {@code VoicegatherServiceException} subclass (404 unknown id, 403 an
 * assistant of the server's assistants file, 422 an invalid definition) or a {@code VoicegatherIoException}.
 * Thread-safe.
 */
public final class AssistantServiceAsync {
    private static final String BASE = "/ai/assistants";

    private final HttpTransport transport;

    public AssistantServiceAsync(HttpTransport transport) {
        this.transport = transport;
    }

    /**
     * Stores a new assistant; the answer carries its id ({@code assistant-<uuid>}) and created_at. The request
     * carries a fresh {@code Idempotency-Key}, the same on each retry, so that a retry after a lost answer does not
     * store the assistant twice.
     */
    public CompletableFuture<InferenceEmbedding> create(AssistantCreateParams params) {
        return transport.request("POST", BASE, params.toJson(), InferenceEmbedding.class,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    public CompletableFuture<InferenceEmbedding> retrieve(String assistantId) {
        return transport.request("GET", path(assistantId), null, InferenceEmbedding.class);
    }

    public CompletableFuture<InferenceEmbedding> retrieve(AssistantRetrieveParams params) {
        return retrieve(params.assistantId());
    }

    /** Changes the fields the params set (or remove); the answer is the assistant after the change. */
    public CompletableFuture<InferenceEmbedding> update(String assistantId, AssistantUpdateParams params) {
        return transport.request("POST", path(assistantId), params.toJson(), InferenceEmbedding.class);
    }

    /** As {@link #update(String, AssistantUpdateParams)} with the id taken from the params. */
    public CompletableFuture<InferenceEmbedding> update(AssistantUpdateParams params) {
        return update(params.assistantId().orElseThrow(() -> new IllegalArgumentException(
                "no assistant id: pass it to the method or set it on the params builder")), params);
    }

    /** Every assistant the server knows, those of its assistants file first. */
    public CompletableFuture<AssistantsList> list() {
        return transport.request("GET", BASE, null, AssistantsList.class);
    }

    public CompletableFuture<AssistantDeleteResponse> delete(String assistantId) {
        return transport.request("DELETE", path(assistantId), null, AssistantDeleteResponse.class);
    }

    public CompletableFuture<AssistantDeleteResponse> delete(AssistantDeleteParams params) {
        return delete(params.assistantId());
    }

    private static String path(String assistantId) {
        return BASE + "/" + PathSegments.encode(assistantId, "assistant id");
    }
}
