package io.voicegather.server.call;

import io.voicegather.server.sip.InviteSession;
import io.voicegather.server.sip.sdp.SdpNegotiator;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Turns an INVITE into a call and its actor, and names the call. The SDP offer is judged now but answered only when
 * the call is answered, with the RTP port taken then ({@link CallMediaOpener}): a parked call holds no port. What it
 * cannot take it refuses itself: an offerless INVITE or an offer it cannot answer 488, and any INVITE while the
 * webhook outbox cannot record events (near its memory bound) 503.
 *
 * <p>Threading: the SIP thread; the new actor's strand has run nothing yet.
 */
final class CallSetup {
    private final Executor strandPool;
    private final CallActor.Shared shared;
    private final int nodeId;

    /** @param nodeId this node's number, written into every call_control_id */
    CallSetup(Executor strandPool, CallActor.Shared shared, int nodeId) {
        this.strandPool = strandPool;
        this.shared = shared;
        this.nodeId = nodeId;
    }

    /** The new call's actor; empty when the INVITE was refused. */
    Optional<CallActor> accept(InviteSession session) {
        if (!shared.events().haveRoom()) {
            session.reject(503, "Service Unavailable"); // events cannot be recorded: a new call would add more
            return Optional.empty();
        }
        SdpNegotiator negotiator = new SdpNegotiator();
        if (session.offerSdp() == null || !SdpOffers.answerable(negotiator, session.offerSdp())) {
            session.reject(488, "Not Acceptable Here"); // we only answer offers, and only those we can
            return Optional.empty();
        }
        Instant now = shared.clock().instant();
        String from = SipUris.user(session.fromUri());
        Call call = new Call(CallIds.newCallControlId(nodeId), CallIds.newUuid(), CallIds.newUuid(), from,
                SipUris.user(session.toUri()), session.fromDisplayName() != null ? session.fromDisplayName() : from,
                session, null, negotiator, null, new Strand(strandPool), now, shared.defaultTarget());
        return Optional.of(new CallActor(call, shared));
    }
}
