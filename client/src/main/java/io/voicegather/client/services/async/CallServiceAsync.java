package io.voicegather.client.services.async;

import io.voicegather.client.core.HttpTransport;
import io.voicegather.client.core.PathSegments;
import io.voicegather.client.models.calls.CallRetrieveStatusResponse;

import java.util.concurrent.CompletableFuture;

/** {@code client.async().calls()}: call status and, through {@link #actions()}, the call commands. Thread-safe. */
public final class CallServiceAsync {
    private final HttpTransport transport;
    private final ActionServiceAsync actions;

    public CallServiceAsync(HttpTransport transport) {
        this.transport = transport;
        this.actions = new ActionServiceAsync(transport);
    }

    public ActionServiceAsync actions() {
        return actions;
    }

    /** {@code GET /calls/{call_control_id}}: whether the call is alive, its ids, client_state and times. */
    public CompletableFuture<CallRetrieveStatusResponse> retrieveStatus(String callControlId) {
        return transport.request("GET", "/calls/" + PathSegments.encode(callControlId), null,
                CallRetrieveStatusResponse.class);
    }
}
