package io.voicegather.server.call;

import io.voicegather.server.ai.conversation.UtteranceCapture;
import io.voicegather.server.media.RtpSession;
import io.voicegather.server.sip.InviteSession;
import io.voicegather.server.sip.sdp.SdpAnswer;
import io.voicegather.server.sip.sdp.SdpNegotiator;
import io.voicegather.server.webhook.WebhookTarget;

import java.time.Instant;

/**
 * One call's state, owned by its {@link CallActor}. Every field after construction is read and written only on the
 * call's {@link Strand}, except the volatile ones, whose comments say which other thread reads them.
 */
final class Call {
    final String callControlId;
    final String callLegId;
    final String callSessionId;
    final String from;
    final String to;
    final String callerIdName;
    final InviteSession sip;
    final Strand strand;
    final Instant startTime;
    final SdpNegotiator negotiator;

    /**
     * The RTP session, opened when the call is answered (a parked call holds no port), null before; read by the SIP
     * thread for a re-INVITE (which only comes after the answer) and by the media threads, hence volatile.
     */
    volatile RtpSession media;
    /** The SDP answer, made when the call is answered; read by the SIP thread for an offerless re-INVITE. */
    volatile SdpAnswer negotiated;
    CallState state = CallState.PARKED;
    String clientState;
    WebhookTarget webhookTarget;
    /** Per-event-type URLs and retry schedules set by answer; they take precedence over webhookTarget. */
    EventRoutes eventRoutes = EventRoutes.NONE;
    Instant endTime;

    final DigitDeduplicator digits = new DigitDeduplicator();
    /** Everything the call sends goes out through here; made at the answer, with the RTP session. */
    CallAudio audio;
    CallPlayer player;
    /** The id of the last conversation started, answered again to a repeated command_id. */
    volatile String lastConversationId;
    /** Cuts the caller's audio into utterances for the conversation; read by the media receive thread. */
    volatile UtteranceCapture capture;

    Call(String callControlId, String callLegId, String callSessionId, String from, String to, String callerIdName,
         InviteSession sip, RtpSession media, SdpNegotiator negotiator, SdpAnswer negotiated, Strand strand, Instant startTime,
         WebhookTarget webhookTarget) {
        this.callControlId = callControlId;
        this.callLegId = callLegId;
        this.callSessionId = callSessionId;
        this.from = from;
        this.to = to;
        this.callerIdName = callerIdName;
        this.sip = sip;
        this.media = media;
        this.negotiator = negotiator;
        this.negotiated = negotiated;
        this.strand = strand;
        this.startTime = startTime;
        this.webhookTarget = webhookTarget;
    }
}
