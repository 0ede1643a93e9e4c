package io.voicegather.server.call;

import io.voicegather.server.sip.sdp.SdpAnswer;
import io.voicegather.server.sip.sdp.SdpNegotiationException;
import io.voicegather.server.sip.sdp.SdpNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** Answers a caller's SDP offer for our RTP port; a refused offer is logged and answers nothing. */
final class SdpOffers {
    private static final Logger log = LoggerFactory.getLogger(SdpOffers.class);

    private SdpOffers() {
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
