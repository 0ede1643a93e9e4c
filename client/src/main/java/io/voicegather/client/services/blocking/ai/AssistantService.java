package io.voicegather.client.services.blocking.ai;

import io.voicegather.client.models.ai.assistants.AssistantCreateParams;
import io.voicegather.client.models.ai.assistants.AssistantDeleteParams;
import io.voicegather.client.models.ai.assistants.AssistantDeleteResponse;
import io.voicegather.client.models.ai.assistants.AssistantRetrieveParams;
import io.voicegather.client.models.ai.assistants.AssistantUpdateParams;
import io.voicegather.client.models.ai.assistants.AssistantsList;
import io.voicegather.client.models.ai.assistants.InferenceEmbedding;
import io.voicegather.client.services.async.ai.AssistantServiceAsync;

import static io.voicegather.client.core.HttpTransport.await;

/**
 * The stored AI assistants, {@code client.ai().assistants()}: each blocks until the answer arrives and throws
 * {@code NotFoundException} (404, unknown id), {@code PermissionDeniedException} (403, an assistant of the server's
 * assistants file, which is read-only), {@code UnprocessableEntityException} (422, with a pointer per invalid field)
 * or {@code VoicegatherIoException} (server unreachable). Thread-safe.
 */
public final class AssistantService {
    private final AssistantServiceAsync async;

    public AssistantService(AssistantServiceAsync async) {
        this.async = async;
    }

    /** Stores a new assistant; the answer carries its id ({@code assistant-<uuid>}) and created_at. */
    public InferenceEmbedding create(AssistantCreateParams params) {
        return await(async.create(params));
    }

    public InferenceEmbedding retrieve(String assistantId) {
        return await(async.retrieve(assistantId));
    }

    public InferenceEmbedding retrieve(AssistantRetrieveParams params) {
        return await(async.retrieve(params));
    }

    /** Changes the fields the params set (or remove); the answer is the assistant after the change. */
    public InferenceEmbedding update(String assistantId, AssistantUpdateParams params) {
        return await(async.update(assistantId, params));
    }

    /** As {@link #update(String, AssistantUpdateParams)} with the id taken from the params. */
    public InferenceEmbedding update(AssistantUpdateParams params) {
        return await(async.update(params));
    }

    /** Every assistant the server knows, those of its assistants file first. */
    public AssistantsList list() {
        return await(async.list());
    }

    public AssistantDeleteResponse delete(String assistantId) {
        return await(async.delete(assistantId));
    }

    public AssistantDeleteResponse delete(AssistantDeleteParams params) {
        return await(async.delete(params));
    }
}
