package io.voicegather.server.sip;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One incoming INVITE dialog as the call layer sees it. The SIP stack owns transactions, timers and
 * retransmissions; these methods only say what to do next. All are thread-safe and never block.
 */
public interface InviteSession {
    /** The SIP Call-ID of the dialog. */
    String callId();

    /** The From URI, e.g. {@code sip:+15550001111@10.0.0.1}. */
    String fromUri();

    /** The display name of the From header, or null. */
    String fromDisplayName();

    /** The To (request) URI, e.g. {@code sip:1000@127.0.0.1}. */
    String toUri();

    /** The SDP offer of the initial INVITE, or null when the INVITE had no body. */
    String offerSdp();

    /** Where the INVITE came from (after rport). */
    InetSocketAddress remoteAddress();

    /** "UDP" or "TCP". */
    String transport();

    /** Send 180 Ringing (optional). */
    void ringing();

    /** Send 200 OK with this SDP answer; the stack retransmits it until the ACK arrives. */
    default void answer(String sdpAnswer) {
        answer(sdpAnswer, List.of());
    }

    /**
     * As {@link #answer(String)}, with {@code extraHeaders} added to the 200 OK after the stack's own fields, in
     * order (the application's answer options custom_headers and sip_headers). The caller has refused names the
     * stack owns ({@link ExtraHeader#stackOwns}). Later 2xx responses of the dialog (re-INVITE) do not carry them.
     */
    void answer(String sdpAnswer, List<ExtraHeader> extraHeaders);

    /** Send a final non-2xx response (e.g. 486, 488, 480) to the INVITE. */
    void reject(int status, String reason);

    /** Send BYE in this dialog (after answer). Before answer it is the same as reject(480). */
    void bye();
}
