package io.voicegather.api.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v2/calls/{id}/actions/answer}. Collections are never null (empty when not sent) and immutable;
 * maps keep the order of the request.
 *
 * @param webhookUrl             overrides the application's webhook URL for every later webhook of this call; may
 *                               be null
 * @param webhookUrlMethod       "POST" (default) or "GET"
 * @param webhookUrls            event type to URL: events of that type go there instead of {@code webhookUrl}
 * @param webhookUrlsMethod      "POST" (default) or "GET", the method of every {@code webhookUrls} URL
 * @param webhookRetriesPolicies event type to the delays (ms) of the quick retries at the primary URL
 * @param customHeaders          header fields added to the SIP 200 OK
 * @param sipHeaders             header fields added to the SIP 200 OK (only User-to-User)
 */
public record AnswerCommand(CommandMeta meta, String webhookUrl, String webhookUrlMethod,
                            Map<String, String> webhookUrls, String webhookUrlsMethod,
                            Map<String, List<Integer>> webhookRetriesPolicies,
                            List<Header> customHeaders, List<Header> sipHeaders) {

    /** One SIP header field, as {@code {"name","value"}} in custom_headers and sip_headers. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public AnswerCommand {
        webhookUrls = webhookUrls == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(webhookUrls));
        webhookUrlsMethod = webhookUrlsMethod == null ? "POST" : webhookUrlsMethod;
        if (webhookRetriesPolicies == null) {
            webhookRetriesPolicies = Map.of();
        } else {
            Map<String, List<Integer>> copy = new LinkedHashMap<>();
            webhookRetriesPolicies.forEach((type, delays) -> copy.put(type, List.copyOf(delays)));
            webhookRetriesPolicies = Collections.unmodifiableMap(copy);
        }
        customHeaders = customHeaders == null ? List.of() : List.copyOf(customHeaders);
        sipHeaders = sipHeaders == null ? List.of() : List.copyOf(sipHeaders);
    }

    /** An answer with only the webhook_url override (or none) and no per-event routing or SIP headers. */
    public AnswerCommand(CommandMeta meta, String webhookUrl, String webhookUrlMethod) {
        this(meta, webhookUrl, webhookUrlMethod, null, null, null, null, null);
    }
}
