package io.voicegather.server.call;

import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.server.media.MediaEngine;
import io.voicegather.server.media.RtpSession;
import io.voicegather.server.sip.sdp.SdpAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * Takes a call's RTP port pair when the call is answered, and answers its SDP offer for that port. A parked call
 * holds no port, so INVITEs nobody answers (a flood, a scanner) cannot take the ports of real calls; see
 * docs/robustness.md.
 *
 * <p>Threading: the call's strand.
 */
final class CallMediaOpener {
    private static final Logger log = LoggerFactory.getLogger(CallMediaOpener.class);

    /** The call's RTP session and the SDP answer that names its port. */
    record Opened(RtpSession rtp, SdpAnswer answer) {
    }

    private final MediaEngine engine;
    private final String advertisedHost;

    CallMediaOpener(MediaEngine engine, String advertisedHost) {
        this.engine = engine;
        this.advertisedHost = advertisedHost;
    }

    /**
     * @throws ApiException {@link ApiError#noMediaPort()} when no port pair is free; nothing is held then
     */
    Opened open(Call call, CallMediaRoute route) {
        RtpSession rtp;
        try {
            rtp = engine.open(route);
        } catch (IOException | RuntimeException e) {
            log.warn("no RTP port to answer call {}: {}", call.callControlId, e.toString());
            throw new ApiException(ApiError.noMediaPort());
        }
        Optional<SdpAnswer> answer = SdpOffers.answer(call.negotiator, call.sip.offerSdp(), advertisedHost,
                rtp.localPort());
        if (answer.isEmpty()) {
            rtp.close();
            throw new IllegalStateException("the offer judged answerable when the INVITE came is not any more");
        }
        return new Opened(rtp, answer.get());
    }
}
