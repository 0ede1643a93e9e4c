package io.voicegather.server.webhook;

/**
 * Sends a {@link WebhookRequest} without blocking the caller and reports how it went.
 * <p>
 * Promise to the {@link Listener}: exactly one of {@link Listener#status} or {@link Listener#failed}; after a
 * status, exactly one {@link Listener#answered} once the body has been read, cut or abandoned. Calls come from the
 * transport's own thread, one at a time per request; a listener must not block.
 */
interface WebhookTransport {
    void send(WebhookRequest request, Listener listener);

    interface Listener {
        /** The final response's status line and headers arrived. */
        void status(int code);

        /** No status came: the connection, the request or the response head failed, or the time ran out. */
        void failed(Throwable error);

        /** The start of the body (UTF-8, at most {@link ResponseReader#EXCERPT_BYTES} bytes), after a status. */
        void answered(String excerpt);
    }
}
