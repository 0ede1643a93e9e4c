package io.voicegather.server.call;

import io.voicegather.server.media.DigitSource;
import io.voicegather.server.media.MediaListener;

/**
 * One call's media events, handed to its {@link CallActor}. The RTP session is opened before the call exists (the SDP
 * answer needs its port), so the actor is attached once built; events before that belong to no call and are dropped.
 *
 * <p>Threading: callbacks on the media threads (receive, clock); they only route, the arrival stamp already taken.
 */
final class CallMediaRoute implements MediaListener {
    private volatile CallActor actor;

    void attach(CallActor actor) {
        this.actor = actor;
    }

    @Override
    public void onDigit(char digit, DigitSource source, long arrivalMillis) {
        CallActor a = actor;
        if (a != null) {
            a.digitArrived(digit, source, arrivalMillis);
        }
    }

    @Override
    public void onAudio(short[] pcm, int offset, int length, long arrivalMillis) {
        CallActor a = actor;
        if (a != null) {
            a.audioArrived(pcm, offset, length);
        }
    }

    @Override
    public void onRtpTimeout() {
        CallActor a = actor;
        if (a != null) {
            a.rtpTimedOut();
        }
    }
}
