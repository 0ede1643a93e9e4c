package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.error.ApiError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Body of {@code POST /v2/calls/{id}/actions/answer}. Only webhook_url and webhook_url_method matter here;
 * the many other Telnyx answer options (recording, streaming, ...) are accepted and ignored.
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
        String method = f.string("webhook_url_method");
        if (method != null) {
            method = method.toUpperCase(Locale.ROOT);
            if (!method.equals("POST") && !method.equals("GET")) {
                f.reject(ApiError.invalidEnum("webhook_url_method", "POST, GET"));
            }
        }
        f.throwIfInvalid();
        return new AnswerCommand(meta, url, method != null ? method : "POST");
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
