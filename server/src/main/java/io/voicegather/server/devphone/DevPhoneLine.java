package io.voicegather.server.devphone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.sip.SipMessage;
import io.voicegather.server.sip.sdp.SdpNegotiationException;
import io.voicegather.server.sip.sdp.SdpParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One page's line: at most one call at a time, driven by the page's JSON actions ({@code call}, {@code key},
 * {@code hangup}) and by the server's SIP answers, reported back as JSON states and errors. Everything but the
 * microphone's audio runs on the dev phone's one thread.
 */
final class DevPhoneLine implements WebSocketServer.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(DevPhoneLine.class);
    private static final long MS = 1_000_000L;
    private static final long RETRANSMIT_NANOS = 500 * MS;
    /** Without a provisional answer by then the INVITE has failed (RFC 3261 Timer B). */
    private static final long INVITE_GIVE_UP_NANOS = 32_000 * MS;
    /** A CANCEL or BYE left unanswered this long ends the call anyway. */
    private static final long HANGUP_GIVE_UP_NANOS = 8_000 * MS;

    private final DevPhone phone;
    private final WebSocketServer.Connection page;
    private final MicBuffer mic = new MicBuffer();
    private DevPhoneCall call;
    private DevPhoneMedia media;
    private boolean gone;

    DevPhoneLine(DevPhone phone, WebSocketServer.Connection page) {
        this.phone = phone;
        this.page = page;
        phone.execute(() -> phone.lineOpened(this));
    }

    @Override
    public void onText(String text) {
        phone.execute(() -> action(text));
    }

    /** On the WebSocket's thread: the buffer is what lets the microphone's pace differ from RTP's. */
    @Override
    public void onBinary(byte[] data) {
        mic.write(data);
    }

    @Override
    public void onClose() {
        phone.execute(() -> {
            gone = true;
            hangUp();
            if (call == null) {
                phone.lineClosed(this);
            }
        });
    }

    private void action(String text) {
        JsonNode a;
        try {
            a = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            error("not JSON: " + e.getOriginalMessage());
            return;
        }
        switch (a.path("action").asText()) {
            case "call" -> dial(a.path("to").asText(null), a.path("from").asText(null));
            case "key" -> key(a.path("key").asText(""));
            case "hangup" -> hangUp();
            default -> error("unknown action '" + a.path("action").asText() + "' (call, key, hangup)");
        }
    }

    private void dial(String to, String from) {
        String problem = DialFields.problem("number", to);
        if (problem == null) {
            problem = DialFields.problem("caller id", from);
        }
        if (problem != null) {
            error(problem);
            return;
        }
        if (call != null) {
            error("already in a call: hang up first");
            return;
        }
        if (phone.calls() >= DevPhone.MAX_CALLS) {
            error("the dev phone has " + DevPhone.MAX_CALLS + " calls already");
            return;
        }
        try {
            mic.clear();
            media = new DevPhoneMedia(phone.localHost(), mic, page::sendBinary);
            call = new DevPhoneCall(from, to, phone.localHost(), phone.localSipPort(), phone.serverHostPort());
            phone.callStarted(call.callId, this);
            send(call.invite(phone.localHost(), media.port()), System.nanoTime(), INVITE_GIVE_UP_NANOS);
            state("calling", "INVITE sip:" + to + "@" + phone.serverHostPort());
        } catch (IOException e) {
            end("could not call: " + e.getMessage());
        }
    }

    private void key(String key) {
        if (key.length() != 1 || !DevPhoneMedia.isKey(key.charAt(0))) {
            error("a key is one of 0-9 * # A-D");
        } else if (call == null || call.state != DevPhoneCall.State.ANSWERED) {
            error("keys are sent once the call is answered");
        } else {
            media.press(key.charAt(0));
        }
    }

    /** CANCEL before the answer, BYE after; retransmitted until answered. */
    void hangUp() {
        if (call == null) {
            return;
        }
        try {
            switch (call.state) {
                case CALLING, RINGING -> {
                    call.state = DevPhoneCall.State.HANGING_UP;
                    send(call.cancel(), System.nanoTime(), HANGUP_GIVE_UP_NANOS);
                    state("hanging up", "CANCEL");
                }
                case ANSWERED -> {
                    call.state = DevPhoneCall.State.HANGING_UP;
                    send(call.bye(), System.nanoTime(), HANGUP_GIVE_UP_NANOS);
                    state("hanging up", "BYE");
                }
                default -> { }
            }
        } catch (IOException e) {
            end("hang-up not sent: " + e.getMessage());
        }
    }

    void onResponse(SipMessage m, long now) {
        int code = m.statusCode();
        String method = m.cseq().method();
        try {
            if (method.equals("BYE")) {
                if (code >= 200) {
                    end("hung up");
                }
            } else if (method.equals("INVITE")) {
                onInviteResponse(m, code, now);
            } else if (method.equals("CANCEL") && code >= 300) {
                end("CANCEL refused: " + code + " " + m.reasonPhrase());
            }
        } catch (IOException e) {
            end("SIP not sent: " + e.getMessage());
        }
    }

    private void onInviteResponse(SipMessage m, int code, long now) throws IOException {
        if (code < 200) {
            if (call.state == DevPhoneCall.State.CALLING) {
                call.pending = null; // the server has the INVITE: no more retransmissions
                if (code == 180 || code == 183) {
                    call.state = DevPhoneCall.State.RINGING;
                    state("ringing", code + " " + m.reasonPhrase());
                }
            }
            return;
        }
        if (code >= 300) {
            phone.sendSip(call.ackForFailure(m));
            end(code == 487 ? "cancelled" : "refused: " + code + " " + m.reasonPhrase());
            return;
        }
        if (call.ack != null) {
            phone.sendSip(call.ack); // the 200 again: our ACK was lost
            return;
        }
        boolean cancelled = call.state == DevPhoneCall.State.HANGING_UP; // the answer crossed our CANCEL
        call.established(m);
        phone.sendSip(call.ack);
        InetSocketAddress audio = audioAddress(m);
        call.pending = null;
        call.state = DevPhoneCall.State.ANSWERED;
        if (audio == null || cancelled) {
            if (audio == null) {
                error("the answer's SDP names no audio address");
            }
            hangUp();
            return;
        }
        media.start(audio, now);
        state("answered", "200 OK, audio to " + audio.getAddress().getHostAddress() + ":" + audio.getPort());
    }

    /** The server hung up: its BYE is answered already. */
    void hungUpByServer() {
        end("hung up by the server");
    }

    void tick(long now) throws IOException {
        if (call == null) {
            return;
        }
        if (media != null) {
            media.tick(now);
        }
        if (call.pending != null) {
            if (now >= call.giveUpAt) {
                end(call.state == DevPhoneCall.State.HANGING_UP ? "hung up (no answer to the hang-up)"
                        : "no answer from the SIP server");
            } else if (now >= call.retransmitAt) {
                phone.sendSip(call.pending);
                call.retransmitAt = now + RETRANSMIT_NANOS;
            }
        }
    }

    private void send(byte[] request, long now, long giveUpAfter) throws IOException {
        call.pending = request;
        call.retransmitAt = now + RETRANSMIT_NANOS;
        call.giveUpAt = now + giveUpAfter;
        phone.sendSip(request);
    }

    /** Forgets the call, whatever its state, and tells the page why. */
    void end(String reason) {
        if (call == null) {
            return;
        }
        phone.callEnded(call.callId);
        String sent = media == null ? "" : ", RTP packets sent " + media.packetsSent() + ", received "
                + media.packetsReceived();
        call.state = DevPhoneCall.State.ENDED;
        call = null;
        if (media != null) {
            try {
                media.close();
            } catch (IOException e) {
                LOG.debug("closing a dev phone RTP socket: {}", e.toString());
            }
            media = null;
        }
        state("ended", reason + sent);
        if (gone) {
            phone.lineClosed(this);
        }
    }

    private void state(String state, String detail) {
        page.sendText(Json.write(Map.of("type", "state", "state", state, "detail", detail)));
    }

    private void error(String message) {
        page.sendText(Json.write(Map.of("type", "error", "message", message)));
    }

    private static InetSocketAddress audioAddress(SipMessage ok) {
        try {
            return SdpParser.parse(ok.bodyText()).audioAddress();
        } catch (SdpNegotiationException | RuntimeException e) {
            LOG.debug("dev phone: bad SDP answer: {}", e.getMessage());
            return null;
        }
    }
}
