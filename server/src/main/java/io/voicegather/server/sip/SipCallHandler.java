package io.voicegather.server.sip;

/**
 * What the SIP stack tells the call layer. Every callback runs on a SIP transport thread: implementations
 * must hand work off (to the call's strand) and return quickly. The stack has already sent whatever
 * response the RFC requires when a callback says so.
 */
public interface SipCallHandler {
    /** A new INVITE (never a retransmission); 100 Trying has been sent. */
    void onInvite(InviteSession session);

    /** The ACK for our 2xx arrived. */
    void onAck(InviteSession session);

    /** The remote party sent BYE; the stack answered 200. */
    void onBye(InviteSession session);

    /** CANCEL before our final answer; the stack answered 200 to the CANCEL and 487 to the INVITE. */
    void onCancel(InviteSession session);

    /** Our 2xx was never acknowledged within 64*T1; the stack has sent BYE. */
    void onAckTimeout(InviteSession session);

    /**
     * A re-INVITE in an established dialog. Return the SDP answer to send in the 200 (for an offerless
     * re-INVITE, the current local SDP), or null to answer 488. Must not block.
     *
     * @param offerSdp the new offer, or null when the re-INVITE carried no body
     */
    String onReinvite(InviteSession session, String offerSdp);

    /**
     * A DTMF digit by SIP INFO ({@code application/dtmf-relay} or {@code application/dtmf}); the stack answered 200.
     * Called on the SIP thread that read the request, right after that answer, so the handler may take the moment of
     * the call as the key's arrival.
     */
    void onInfoDigit(InviteSession session, char digit, int durationMillis);
}
