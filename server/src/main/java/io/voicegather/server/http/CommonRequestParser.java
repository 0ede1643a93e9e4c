package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.HangupCommand;
import io.voicegather.api.error.ApiError;

/** Bodies with only the common fields (hangup, gather_stop) and client_state_update. */
final class CommonRequestParser {
    private CommonRequestParser() {
    }

    static CommandMeta meta(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        f.throwIfInvalid();
        return meta;
    }

    static HangupCommand hangup(ObjectNode body) {
        return new HangupCommand(meta(body));
    }

    /** client_state is required here; the rest of the body is ignored. */
    static String clientStateUpdate(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        if (f.present("client_state") == null) {
            f.reject(ApiError.missingParameter("client_state"));
        }
        String clientState = f.clientState();
        f.string("command_id", 1, BodyFields.MAX_COMMAND_ID_LENGTH);
        f.throwIfInvalid();
        return clientState;
    }
}
