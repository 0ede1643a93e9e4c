package io.voicegather.server.call;

import io.voicegather.server.media.MediaEngine;
import io.voicegather.server.media.RtpSession;
import io.voicegather.server.sip.InviteSession;
import io.voicegather.server.sip.sdp.SdpAnswer;
import io.voicegather.server.sip.sdp.SdpNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Turns an INVITE into a call and its actor: opens the RTP session, answers the SDP offer for its port, and names the
 * call. What it cannot take it refuses itself: an offerless INVITE or an offer it cannot answer 488, no RTP port 503.
 *
 * <p>Threading: the SIP thread; the new actor's strand has run nothing yet.
 */
final class CallSetup {
    private static final Logger log = LoggerFactory.getLogger(CallSetup.class);

    private final MediaEngine media;
    private final Executor strandPool;
    private final CallActor.Shared shared;

    CallSetup(MediaEngine media, Executor strandPool, CallActor.Shared shared) {
        this.media = media;
        this.strandPool = strandPool;
        this.shared = shared;
    }

    /** The new call's actor, its media events already routed to it; empty when the INVITE was refused. */
    Optional<CallActor> accept(InviteSession session) {
        if (session.offerSdp() == null) {
            session.reject(488, "Not Acceptable Here"); // offerless INVITE: we only answer offers
            return Optional.empty();
        }
        CallMediaRoute route = new CallMediaRoute();
        RtpSession rtp;
        try {
            rtp = media.open(route);
        } catch (IOException | RuntimeException e) {
            log.warn("no RTP port for call {}: {}", session.callId(), e.toString());
            session.reject(503, "Service Unavailable");
            return Optional.empty();
        }
        SdpNegotiator negotiator = new SdpNegotiator();
        Optional<SdpAnswer> answer = SdpOffers.answer(negotiator, session.offerSdp(), shared.advertisedHost(),
                rtp.localPort());
        if (answer.isEmpty()) {
            rtp.close();
            session.reject(488, "Not Acceptable Here");
            return Optional.empty();
        }
        Instant now = shared.clock().instant();
        String from = SipUris.user(session.fromUri());
        Call call = new Call(CallIds.newCallControlId(), CallIds.newUuid(), CallIds.newUuid(), from,
                SipUris.user(session.toUri()), session.fromDisplayName() != null ? session.fromDisplayName() : from,
                session, rtp, negotiator, answer.get(), new Strand(strandPool), now, shared.defaultTarget());
        CallActor actor = new CallActor(call, shared);
        route.attach(actor);
        return Optional.of(actor);
    }
}
