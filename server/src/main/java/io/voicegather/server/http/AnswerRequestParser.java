package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.error.ApiError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Body of {@code POST /v2/calls/{id}/actions/answer}: webhook_url and webhook_url_method, the per-event-type
 * webhook_urls, webhook_urls_method and webhook_retries_policies ({@link EventWebhookFields}), and the 200 OK's
 * custom_headers and sip_headers ({@link AnswerHeaderFields}). The other Telnyx answer options (recording,
 * streaming, transcription, ...) are accepted and ignored; docs/webhooks.md lists them.
 */
final class AnswerRequestParser {
    static final int MAX_URL_LENGTH = 2048;

    private AnswerRequestParser() {
    }

    static AnswerCommand parse(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        String url = f.string("webhook_url");
        if (url != null && !isAbsoluteHttpUrl(url)) {
            f.reject(ApiError.invalidValue("webhook_url",
                    "'webhook_url' must be an absolute http or https URL of at most " + MAX_URL_LENGTH
                            + " characters."));
        }
        String method = method(f, "webhook_url_method");
        Map<String, String> urls = EventWebhookFields.urls(f);
        String urlsMethod = method(f, "webhook_urls_method");
        Map<String, List<Integer>> retries = EventWebhookFields.retriesPolicies(f);
        List<AnswerCommand.Header> customHeaders = AnswerHeaderFields.customHeaders(f);
        List<AnswerCommand.Header> sipHeaders = AnswerHeaderFields.sipHeaders(f);
        f.throwIfInvalid();
        return new AnswerCommand(meta, url, method != null ? method : "POST", urls, urlsMethod, retries,
                customHeaders, sipHeaders);
    }

    /** POST or GET, case-insensitive; null when absent. */
    private static String method(BodyFields f, String field) {
        String method = f.string(field);
        if (method == null) {
            return null;
        }
        method = method.toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET")) {
            f.reject(ApiError.invalidEnum(field, "POST, GET"));
            return null;
        }
        return method;
    }

    static boolean isAbsoluteHttpUrl(String s) {
        if (s.length() > MAX_URL_LENGTH) {
            return false;
        }
        try {
            URI u = new URI(s);
            String scheme = u.getScheme();
            return scheme != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && u.getHost() != null && !u.getHost().isEmpty()
                    && u.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
