package io.voicegather.server.call;

import io.voicegather.server.webhook.PrimaryRetries;
import io.voicegather.server.webhook.WebhookTarget;

import java.util.Map;

/**
 * The answer command's per-event-type webhook settings of one call: {@code webhook_urls} (with
 * {@code webhook_urls_method}) choose the URL of a mapped event type, {@code webhook_retries_policies} its quick
 * retries at the primary URL. Unmapped event types keep the call's target. Immutable.
 *
 * @param urls        event type to URL
 * @param urlsMethod  the method of every mapped URL
 * @param failoverUrl the application's failover URL, which mapped events keep (as webhook_url's do); may be null
 * @param retries     event type to its quick retries at the primary URL
 */
record EventRoutes(Map<String, String> urls, String urlsMethod, String failoverUrl,
                   Map<String, PrimaryRetries> retries) {
    static final EventRoutes NONE = new EventRoutes(Map.of(), "POST", null, Map.of());

    EventRoutes {
        urls = Map.copyOf(urls);
        retries = Map.copyOf(retries);
    }

    /** Where an event of this type goes: a mapped URL, else {@code callTarget}; null when it goes nowhere. */
    WebhookTarget targetFor(String eventType, WebhookTarget callTarget) {
        String mapped = urls.get(eventType);
        WebhookTarget target = mapped != null ? new WebhookTarget(mapped, urlsMethod, failoverUrl) : callTarget;
        if (target == null || target.url() == null) {
            return null;
        }
        PrimaryRetries policy = retries.get(eventType);
        return policy == null ? target : target.withPrimaryRetries(policy);
    }
}
