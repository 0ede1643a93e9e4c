package io.voicegather.server.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One delivery attempt's HTTP request, built and signed by a worker, sent by a {@link WebhookTransport}.
 *
 * @param method  {@code POST} (the envelope is the body) or {@code GET} (the envelope is in the URI's query)
 * @param uri     an absolute {@code http} or {@code https} URI
 * @param headers names and values, alternating: {@code [name0, value0, name1, value1, ...]}
 * @param body    the body; empty for GET
 * @param timeout how long the attempt may take to its status line, and again to the end of the body
 */
record WebhookRequest(String method, URI uri, List<String> headers, byte[] body, Duration timeout) {
}
