package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CallStatus;
import io.voicegather.api.json.Json;

/** {@code {"data":{"record_type":"call",...}}} for GET /v2/calls/{id}; null fields are left out. */
final class CallStatusJson {
    private CallStatusJson() {
    }

    static String render(CallStatus s) {
        ObjectNode root = Json.object();
        ObjectNode d = root.putObject("data");
        d.put("record_type", "call");
        d.put("call_control_id", s.callControlId());
        d.put("call_leg_id", s.callLegId());
        d.put("call_session_id", s.callSessionId());
        d.put("is_alive", s.isAlive());
        putIfPresent(d, "client_state", s.clientState());
        putIfPresent(d, "start_time", s.startTime());
        putIfPresent(d, "end_time", s.endTime());
        if (s.callDuration() != null) {
            d.put("call_duration", s.callDuration());
        }
        return Json.write(root);
    }

    private static void putIfPresent(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
