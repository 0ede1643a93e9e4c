package io.voicegather.server.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.webhook.PrimaryRetries;
import io.voicegather.server.webhook.WebhookTarget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
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

    /** The stored form (a call record's event_routes column): JSON, or null for {@link #NONE}'s empty routes. */
    String toJson() {
        if (urls.isEmpty() && retries.isEmpty()) {
            return null;
        }
        ObjectNode o = Json.object();
        urls.forEach(o.putObject("urls")::put);
        o.put("urls_method", urlsMethod);
        o.put("failover_url", failoverUrl);
        ObjectNode delays = o.putObject("retries_ms");
        retries.forEach((type, policy) -> delays.set(type, Json.MAPPER.valueToTree(policy.delaysMillis())));
        return Json.write(o);
    }

    /** Reads {@link #toJson()}'s form; null is {@link #NONE}. */
    static EventRoutes fromJson(String json) {
        if (json == null) {
            return NONE;
        }
        try {
            JsonNode o = Json.MAPPER.readTree(json);
            Map<String, String> urls = new HashMap<>();
            o.path("urls").fields().forEachRemaining(e -> urls.put(e.getKey(), e.getValue().asText()));
            Map<String, PrimaryRetries> retries = new HashMap<>();
            o.path("retries_ms").fields().forEachRemaining(e -> retries.put(e.getKey(),
                    new PrimaryRetries(List.of(Json.MAPPER.convertValue(e.getValue(), Integer[].class)))));
            return new EventRoutes(urls, o.path("urls_method").asText("POST"), o.path("failover_url").asText(null),
                    retries);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable event routes " + json, e);
        }
    }
}
