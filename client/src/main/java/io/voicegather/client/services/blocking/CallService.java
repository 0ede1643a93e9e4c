package io.voicegather.client.services.blocking;

import io.voicegather.client.models.calls.CallRetrieveStatusResponse;
import io.voicegather.client.services.async.CallServiceAsync;

import static io.voicegather.client.core.HttpTransport.await;

/** {@code client.calls()}: call status and, through {@link #actions()}, the call commands. Thread-safe. */
public final class CallService {
    private final CallServiceAsync async;
    private final ActionService actions;

    public CallService(CallServiceAsync async) {
        this.async = async;
        this.actions = new ActionService(async.actions());
    }

    public ActionService actions() {
        return actions;
    }

    /** {@code GET /calls/{call_control_id}}: whether the call is alive, its ids, client_state and times. */
    public CallRetrieveStatusResponse retrieveStatus(String callControlId) {
        return await(async.retrieveStatus(callControlId));
    }

    /** Alias of {@link #retrieveStatus(String)}. */
    public CallRetrieveStatusResponse retrieve(String callControlId) {
        return retrieveStatus(callControlId);
    }
}
