package io.voicegather.server.call;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CallStatus;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.GatherCommand;
import io.voicegather.api.command.HangupCommand;

/**
 * What the REST surface asks of the calls. Every method either returns (the command was accepted:
 * the HTTP answer is {@code {"data":{"result":"ok"}}}) or throws
 * {@link io.voicegather.api.error.ApiException} (unknown id 90015, ended 90018, not answered 90034, ...).
 * The id is the already percent-decoded call_control_id.
 */
public interface CallControl {
    void answer(String callControlId, AnswerCommand command);

    void hangup(String callControlId, HangupCommand command);

    void gather(String callControlId, GatherCommand command);

    void gatherStop(String callControlId, CommandMeta meta);

    void clientStateUpdate(String callControlId, String clientState);

    CallStatus retrieve(String callControlId);
}
