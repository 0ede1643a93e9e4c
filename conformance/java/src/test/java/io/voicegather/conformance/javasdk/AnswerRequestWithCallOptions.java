package io.voicegather.conformance.javasdk;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.telnyx.sdk.model.AnswerRequest;
import com.telnyx.sdk.model.CustomSipHeader;

import java.util.List;
import java.util.Map;

/**
 * The SDK's own {@link AnswerRequest} with the answer options that 2.8.0 does not model yet. Its models have no
 * additional-properties map, so the fields are added the way the SDK's generated models declare theirs (Jackson
 * properties, nulls left out by the SDK's mapper), and the instance still goes through the SDK's own
 * {@code callAnswer}, Jersey client and serialiser. {@code custom_headers} and {@code sip_headers} reuse the SDK's
 * {@link CustomSipHeader} ({@code {name, value}}); 2.8.0 has no separate SIP header model.
 *
 * <p>{@code webhook_urls} is sent here as event type to one URL string, as Telnyx's API reference writes it. (The
 * Node SDK 7.24.0 types each value as an array of URLs; {@code NodeSdkAllCommandsTest} sends that form.)
 */
final class AnswerRequestWithCallOptions extends AnswerRequest {
    @JsonProperty("webhook_urls")
    private Map<String, String> webhookUrls;
    @JsonProperty("webhook_urls_method")
    private String webhookUrlsMethod;
    @JsonProperty("webhook_retries_policies")
    private Map<String, Map<String, List<Integer>>> webhookRetriesPolicies;
    @JsonProperty("custom_headers")
    private List<CustomSipHeader> customHeaders;
    @JsonProperty("sip_headers")
    private List<CustomSipHeader> sipHeaders;

    AnswerRequestWithCallOptions webhookUrls(Map<String, String> urls) {
        this.webhookUrls = urls;
        return this;
    }

    AnswerRequestWithCallOptions webhookUrlsMethod(String method) {
        this.webhookUrlsMethod = method;
        return this;
    }

    /** Event type to the delays of {@code retries_ms}. */
    AnswerRequestWithCallOptions retriesMs(String eventType, List<Integer> delays) {
        this.webhookRetriesPolicies = Map.of(eventType, Map.of("retries_ms", delays));
        return this;
    }

    AnswerRequestWithCallOptions customHeaders(List<CustomSipHeader> headers) {
        this.customHeaders = headers;
        return this;
    }

    AnswerRequestWithCallOptions sipHeaders(List<CustomSipHeader> headers) {
        this.sipHeaders = headers;
        return this;
    }
}
