package io.voicegather.server.call;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.server.sip.ExtraHeader;
import io.voicegather.server.webhook.PrimaryRetries;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What an answer command asks of the 200 OK and of the call's webhooks, in the forms the call layer uses. */
final class AnswerOptions {
    private AnswerOptions() {
    }

    /** answer's webhook_urls and webhook_retries_policies; mapped URLs keep the application's failover URL. */
    static EventRoutes eventRoutes(AnswerCommand command, String failoverUrl) {
        if (command.webhookUrls().isEmpty() && command.webhookRetriesPolicies().isEmpty()) {
            return EventRoutes.NONE;
        }
        Map<String, PrimaryRetries> retries = new HashMap<>();
        command.webhookRetriesPolicies().forEach((type, delays) -> retries.put(type, new PrimaryRetries(delays)));
        return new EventRoutes(command.webhookUrls(), command.webhookUrlsMethod(), failoverUrl, retries);
    }

    /** custom_headers then sip_headers, in request order, for the 200 OK. */
    static List<ExtraHeader> headers(AnswerCommand command) {
        if (command.customHeaders().isEmpty() && command.sipHeaders().isEmpty()) {
            return List.of();
        }
        List<ExtraHeader> out = new ArrayList<>(command.customHeaders().size() + command.sipHeaders().size());
        for (AnswerCommand.Header h : command.customHeaders()) {
            out.add(new ExtraHeader(h.name(), h.value()));
        }
        for (AnswerCommand.Header h : command.sipHeaders()) {
            out.add(new ExtraHeader(h.name(), h.value()));
        }
        return out;
    }
}
