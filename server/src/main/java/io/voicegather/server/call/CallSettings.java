package io.voicegather.server.call;

import io.voicegather.server.webhook.WebhookTarget;

import java.time.Duration;

/**
 * How the call layer is configured.
 *
 * @param advertisedHost where callers send RTP, written into our SDP answers
 * @param connectionId   the connection_id every webhook carries
 * @param defaultTarget  where webhooks go unless answer names another URL; null for none
 * @param answerTimeout  how long a call waits parked for answer before it is rejected 480
 * @param commandWait    how long a REST command waits for its call to start it; past that it is answered 503 (90064)
 *                       and never applied
 * @param nodeId         this node's number in a cluster, written into every call_control_id (0 for a single server)
 */
public record CallSettings(String advertisedHost, String connectionId, WebhookTarget defaultTarget,
                           Duration answerTimeout, Duration commandWait, int nodeId) {
    /** How long a REST command waits for its call to get to it, unless configured otherwise. */
    public static final Duration DEFAULT_COMMAND_WAIT = Duration.ofSeconds(5);

    /** With the default command wait, as a single server. */
    public CallSettings(String advertisedHost, String connectionId, WebhookTarget defaultTarget,
                        Duration answerTimeout) {
        this(advertisedHost, connectionId, defaultTarget, answerTimeout, DEFAULT_COMMAND_WAIT);
    }

    /** As a single server. */
    public CallSettings(String advertisedHost, String connectionId, WebhookTarget defaultTarget,
                        Duration answerTimeout, Duration commandWait) {
        this(advertisedHost, connectionId, defaultTarget, answerTimeout, commandWait, 0);
    }
}
