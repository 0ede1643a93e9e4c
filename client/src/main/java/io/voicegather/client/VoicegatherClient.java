package io.voicegather.client;

import io.voicegather.client.core.ClientOptions;
import io.voicegather.client.core.HttpTransport;
import io.voicegather.client.services.blocking.AiService;
import io.voicegather.client.services.blocking.CallService;
import io.voicegather.client.services.blocking.WebhookService;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The blocking client, shaped like the official telnyx-java SDK so that code ports by changing imports:
 * <pre>{@code
 * VoicegatherClient client = VoicegatherClient.fromEnv();
 * client.calls().actions().gather(callControlId,
 *         ActionGatherParams.builder().minimumDigits(1).maximumDigits(4).build()).data().result();
 * }</pre>
 * One instance is meant to be shared by the whole application: it is immutable and thread-safe, and it owns one
 * HTTP connection pool. {@link #async()} gives the same calls returning {@code CompletableFuture}s.
 */
public final class VoicegatherClient implements AutoCloseable {
    public static final String ENV_API_KEY = "TELNYX_API_KEY";
    public static final String ENV_BASE_URL = "TELNYX_BASE_URL";
    public static final String ENV_PUBLIC_KEY = "TELNYX_PUBLIC_KEY";

    private final ClientOptions options;
    private final VoicegatherClientAsync async;
    private final CallService calls;
    private final AiService ai;
    private final WebhookService webhooks;

    private VoicegatherClient(ClientOptions options) {
        this.options = options;
        this.async = new VoicegatherClientAsync(new HttpTransport(options), this);
        this.calls = new CallService(async.calls());
        this.ai = new AiService(async.ai());
        this.webhooks = async.webhooks();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client configured from TELNYX_API_KEY, TELNYX_BASE_URL and TELNYX_PUBLIC_KEY. */
    public static VoicegatherClient fromEnv() {
        return builder().fromEnv().build();
    }

    public CallService calls() {
        return calls;
    }

    /** The AI resources: {@code ai().assistants()} stores the assistants that ai_assistant_start names by id. */
    public AiService ai() {
        return ai;
    }

    public WebhookService webhooks() {
        return webhooks;
    }

    /** The same client, with every call returning a {@code CompletableFuture}. */
    public VoicegatherClientAsync async() {
        return async;
    }

    public ClientOptions options() {
        return options;
    }

    /** Nothing to release today (the JDK client's threads are daemons); kept so callers can use try-with-resources. */
    @Override
    public void close() {
    }

    /** Collects the settings; unset ones take their defaults. Not thread-safe; build once. */
    public static final class Builder {
        private String apiKey;
        private String baseUrl = ClientOptions.DEFAULT_BASE_URL;
        private String publicKey;
        private Duration timeout = ClientOptions.DEFAULT_TIMEOUT;
        private int maxRetries = ClientOptions.DEFAULT_MAX_RETRIES;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Takes TELNYX_API_KEY, TELNYX_BASE_URL and TELNYX_PUBLIC_KEY from the process environment, when set. */
        public Builder fromEnv() {
            return fromEnv(System.getenv());
        }

        /** As {@link #fromEnv()} from a given environment (tests, or settings read elsewhere). */
        public Builder fromEnv(Map<String, String> env) {
            String key = env.get(ENV_API_KEY);
            if (key != null && !key.isBlank()) {
                apiKey = key;
            }
            String url = env.get(ENV_BASE_URL);
            if (url != null && !url.isBlank()) {
                baseUrl = url;
            }
            String pub = env.get(ENV_PUBLIC_KEY);
            if (pub != null && !pub.isBlank()) {
                publicKey = pub;
            }
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The API root including {@code /v2}; default {@value ClientOptions#DEFAULT_BASE_URL}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Standard Base64 of the server's raw Ed25519 public key (its {@code GET /v2/public_key}). */
        public Builder publicKey(String publicKey) {
            this.publicKey = publicKey;
            return this;
        }

        /** Limit for connecting and for each attempt's whole exchange; default 60 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Retries after a connection error, 408, 409, 429 or 5xx; default 2, 0 turns retrying off. */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** The clock webhook timestamps are checked against; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public VoicegatherClient build() {
            return new VoicegatherClient(new ClientOptions(baseUrl, apiKey, publicKey, timeout, maxRetries, clock));
        }
    }
}
