package io.voicegather.server.devphone;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.sip.SipMessage;
import io.voicegather.server.sip.SipParseException;
import io.voicegather.server.sip.SipParser;
import io.voicegather.server.sip.sdp.SdpNegotiationException;
import io.voicegather.server.sip.sdp.SdpParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The dev phone (docs/dev-phone.md): a page in the browser talks over a WebSocket to a small SIP user agent inside
 * the server, which calls the server's own SIP port for real — INVITE, RTP, RFC 4733 keys, BYE — so the application
 * sees exactly what a phone would give it. Every phone shares one thread, ticking every 20 ms: it reads SIP and RTP,
 * sends the RTP due and retransmits what is unanswered. The page sends JSON actions and microphone audio (PCM16
 * little-endian, 8 kHz); it gets JSON call states and the call's audio in the same format.
 */
public final class DevPhone implements AutoCloseable {
    public static final String PATH = "/phone/ws";
    /** Calls at once over every page: a developer's tool, not a load generator. */
    static final int MAX_CALLS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(DevPhone.class);
    private static final long MS = 1_000_000L;
    private static final long RETRANSMIT_NANOS = 500 * MS;
    /** Without a provisional answer by then the INVITE has failed (RFC 3261 Timer B). */
    private static final long INVITE_GIVE_UP_NANOS = 32_000 * MS;
    /** A CANCEL or BYE left unanswered this long ends the call anyway. */
    private static final long HANGUP_GIVE_UP_NANOS = 8_000 * MS;

    private final WebSocketServer webSocket;
    private final ScheduledExecutorService thread;
    private final DatagramChannel sip;
    private final String localHost;
    private final int localSipPort;
    private final InetSocketAddress serverSip;
    private final String serverHostPort;
    private final ByteBuffer sipIn = ByteBuffer.allocate(65536);
    private final List<Phone> phones = new ArrayList<>();        // on the phone thread
    private final Map<String, Phone> byCallId = new HashMap<>(); // on the phone thread

    private DevPhone(InetAddress webSocketHost, int webSocketPort, String sipHost, int sipPort, String cookieName,
                     Predicate<String> validSession, IntSupplier consolePort) throws IOException {
        localHost = sipHost.equals("0.0.0.0") || sipHost.equals("::") ? "127.0.0.1" : sipHost;
        serverSip = new InetSocketAddress(localHost, sipPort);
        serverHostPort = localHost + ":" + sipPort;
        sip = DatagramChannel.open();
        sip.bind(new InetSocketAddress(localHost, 0)).configureBlocking(false);
        localSipPort = ((InetSocketAddress) sip.getLocalAddress()).getPort();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dev-phone");
            t.setDaemon(true);
            return t;
        });
        try {
            webSocket = new WebSocketServer(webSocketHost, webSocketPort, PATH, cookieName, validSession, consolePort,
                    connection -> new Phone(connection));
        } catch (IOException e) {
            thread.shutdownNow();
            sip.close();
            throw e;
        }
    }

    /**
     * Listens for pages on {@code webSocketPort} and calls the SIP server at {@code sipHost:sipPort}.
     *
     * @param validSession says whether the value of the cookie {@code cookieName} is a live console session
     * @param consolePort  the console's HTTP port: pages from another origin are refused
     */
    public static DevPhone start(InetAddress webSocketHost, int webSocketPort, String sipHost, int sipPort,
                                 String cookieName, Predicate<String> validSession, IntSupplier consolePort)
            throws IOException {
        DevPhone phone = new DevPhone(webSocketHost, webSocketPort, sipHost, sipPort, cookieName, validSession,
                consolePort);
        phone.thread.scheduleAtFixedRate(phone::tick, 0, 20, TimeUnit.MILLISECONDS);
        phone.webSocket.start();
        return phone;
    }

    public int port() {
        return webSocket.port();
    }

    @Override
    public void close() {
        webSocket.close();
        try {
            thread.submit(() -> List.copyOf(phones).forEach(Phone::hangUp)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("dev phone calls not hung up at close: {}", e.toString());
        }
        thread.shutdownNow();
        try {
            sip.close();
        } catch (IOException e) {
            LOG.debug("closing the dev phone's SIP socket: {}", e.toString());
        }
    }

    private void tick() {
        long now = System.nanoTime();
        try {
            receiveSip(now);
            for (Phone p : List.copyOf(phones)) {
                p.tick(now);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("dev phone: {}", e.toString(), e); // a tick that fails must not stop the next ones
        }
    }

    private void receiveSip(long now) throws IOException {
        while (true) {
            sipIn.clear();
            if (sip.receive(sipIn) == null) {
                return;
            }
            SipMessage m;
            try {
                m = SipParser.parse(sipIn.array(), 0, sipIn.position());
            } catch (SipParseException e) {
                LOG.debug("dev phone: unparsable SIP message: {}", e.getMessage());
                continue;
            }
            Phone p = byCallId.get(m.callId());
            if (m.isRequest()) {
                if (!m.method().equals("ACK")) {
                    boolean known = p != null;
                    sendSip(DevPhoneCall.answer(m, known ? 200 : 481, known ? "OK" : "Call/Transaction Does Not Exist"));
                }
                if (p != null && m.method().equals("BYE")) {
                    p.end("hung up by the server");
                }
            } else if (p != null) {
                p.onResponse(m, now);
            }
        }
    }

    private void sendSip(byte[] message) throws IOException {
        sip.send(ByteBuffer.wrap(message), serverSip);
    }

    /** One page: at most one call at a time. Runs on the phone thread, but for the microphone's audio. */
    private final class Phone implements WebSocketServer.Listener {
        private final WebSocketServer.Connection page;
        private final MicBuffer mic = new MicBuffer();
        private DevPhoneCall call;
        private DevPhoneMedia media;
        private boolean gone;

        Phone(WebSocketServer.Connection page) {
            this.page = page;
            thread.execute(() -> phones.add(this));
        }

        @Override
        public void onText(String text) {
            thread.execute(() -> action(text));
        }

        @Override
        public void onBinary(byte[] data) {
            mic.write(data);
        }

        @Override
        public void onClose() {
            thread.execute(() -> {
                gone = true;
                hangUp();
                if (call == null) {
                    phones.remove(this);
                }
            });
        }

        private void action(String text) {
            JsonNode a;
            try {
                a = Json.MAPPER.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
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
            if (byCallId.size() >= MAX_CALLS) {
                error("the dev phone has " + MAX_CALLS + " calls already");
                return;
            }
            try {
                mic.clear();
                media = new DevPhoneMedia(localHost, mic, page::sendBinary);
                call = new DevPhoneCall(from, to, localHost, localSipPort, serverHostPort);
                byCallId.put(call.callId, this);
                long now = System.nanoTime();
                send(call.invite(localHost, media.port()), now, INVITE_GIVE_UP_NANOS);
                state("calling", "INVITE sip:" + to + "@" + serverHostPort);
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
                sendSip(call.ackForFailure(m));
                end(code == 487 ? "cancelled" : "refused: " + code + " " + m.reasonPhrase());
                return;
            }
            if (call.ack != null) {
                sendSip(call.ack); // the 200 again: our ACK was lost
                return;
            }
            boolean cancelled = call.state == DevPhoneCall.State.HANGING_UP; // the answer crossed our CANCEL
            call.established(m);
            sendSip(call.ack);
            InetSocketAddress audio = audioAddress(m);
            if (audio == null || cancelled) {
                call.state = DevPhoneCall.State.ANSWERED;
                if (audio == null) {
                    error("the answer's SDP names no audio address");
                }
                hangUp();
                return;
            }
            call.pending = null;
            call.state = DevPhoneCall.State.ANSWERED;
            media.start(audio, now);
            state("answered", "200 OK, audio to " + audio.getAddress().getHostAddress() + ":" + audio.getPort());
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
                    sendSip(call.pending);
                    call.retransmitAt = now + RETRANSMIT_NANOS;
                }
            }
        }

        private void send(byte[] request, long now, long giveUpAfter) throws IOException {
            call.pending = request;
            call.retransmitAt = now + RETRANSMIT_NANOS;
            call.giveUpAt = now + giveUpAfter;
            sendSip(request);
        }

        void end(String reason) {
            if (call == null) {
                return;
            }
            byCallId.remove(call.callId);
            String sent = media == null ? "" : ", RTP packets sent " + media.packetsSent() + ", received "
                    + media.packetsReceived();
            call.state = DevPhoneCall.State.ENDED;
            call = null;
            try {
                if (media != null) {
                    media.close();
                }
            } catch (IOException e) {
                LOG.debug("closing a dev phone RTP socket: {}", e.toString());
            }
            media = null;
            state("ended", reason + sent);
            if (gone) {
                phones.remove(this);
            }
        }

        private void state(String state, String detail) {
            page.sendText(Json.write(Map.of("type", "state", "state", state, "detail", detail)));
        }

        private void error(String message) {
            page.sendText(Json.write(Map.of("type", "error", "message", message)));
        }
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
