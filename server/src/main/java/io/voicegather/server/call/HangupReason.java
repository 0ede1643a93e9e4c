package io.voicegather.server.call;

/**
 * Why a call ended, as reported in call.hangup.
 *
 * @param cause          hangup_cause (normal_clearing, originator_cancel, timeout, ...)
 * @param source         hangup_source: caller (the phone), callee (the application) or unknown
 * @param sipCause       sip_hangup_cause: the SIP status that ended it, or "unspecified"
 */
record HangupReason(String cause, String source, String sipCause) {
    /** The phone sent BYE. */
    static final HangupReason CALLER_BYE = new HangupReason("normal_clearing", "caller", "200");
    /** The application sent hangup after answer (we sent BYE). */
    static final HangupReason APP_HANGUP = new HangupReason("normal_clearing", "callee", "200");
    /** The application sent hangup before answer (we answered the INVITE 480). */
    static final HangupReason APP_REJECT = new HangupReason("call_rejected", "callee", "480");
    /** The phone cancelled before answer. */
    static final HangupReason CALLER_CANCEL = new HangupReason("originator_cancel", "caller", "487");
    /** The application did not answer within the answer timeout (we answered the INVITE 480). */
    static final HangupReason ANSWER_TIMEOUT = new HangupReason("timeout", "unknown", "480");
    /** No RTP for the configured time. */
    static final HangupReason RTP_TIMEOUT = new HangupReason("timeout", "unknown", "unspecified");
    /** Our 200 OK was never acknowledged. */
    static final HangupReason ACK_TIMEOUT = new HangupReason("timeout", "unknown", "408");
    /** The reason a conversation cut short by this hangup reports in call.conversation.ended. */
    String conversationEndReason() {
        return "caller".equals(source) ? "customer_disconnect" : "callee".equals(source) ? "call_hangup" : "call_ended";
    }

    /** The server is shutting down. */
    static final HangupReason SHUTDOWN = new HangupReason("normal_clearing", "unknown", "200");
    /**
     * The server stopped without ending the call (a crash, a kill): reported at the next start. Nobody saw how the
     * call ended, so every field says so, with Telnyx's own word for each.
     */
    static final HangupReason CUT_OFF = new HangupReason("unspecified", "unknown", "unspecified");
}
