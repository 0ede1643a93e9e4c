package io.voicegather.client.models.calls.actions;

import java.util.List;

/** @param retriesMs delays before each redelivery of one event type (at most 5, summing to at most 60 000 ms) */
public record WebhookRetriesPolicy(List<Integer> retriesMs) {
}
