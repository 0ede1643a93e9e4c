package io.voicegather.server.call;

import io.voicegather.server.sip.sdp.SdpAnswer;
import io.voicegather.server.sip.sdp.SdpNegotiationException;
import io.voicegather.server.sip.sdp.SdpNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Judges a caller's SDP offer when the INVITE arrives, and answers it for our RTP port when the call is answered; a
 * refused offer is logged and answers nothing.
 */
final class SdpOffers {
    private static final Logger log = LoggerFactory.getLogger(SdpOffers.class);

    private SdpOffers() {
    }

    /** Whether the offer can be answered; an INVITE whose offer cannot is refused 488 at once. */
    static boolean answerable(SdpNegotiator negotiator, String offer) {
        try {
            negotiator.check(offer);
            return true;
        } catch (SdpNegotiationException e) {
            log.info("SDP offer refused: {}", e.getMessage());
            return false;
        }
    }

    static Optional<SdpAnswer> answer(SdpNegotiator negotiator, String offer, String advertisedHost, int localRtpPort) {
        try {
            return Optional.of(negotiator.answer(offer, advertisedHost, localRtpPort));
        } catch (SdpNegotiationException e) {
            log.info("SDP offer refused: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
