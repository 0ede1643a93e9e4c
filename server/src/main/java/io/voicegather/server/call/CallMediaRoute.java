package io.voicegather.server.call;

import io.voicegather.server.media.DigitSource;
import io.voicegather.server.media.MediaListener;

/**
 * One call's media events, handed to its {@link CallActor}; the RTP session is opened with it when the call is
 * answered.
 *
 * <p>Threading: callbacks on the media threads (receive, clock); they only route, the arrival stamp already taken.
 */
final class CallMediaRoute implements MediaListener {
    private final CallActor actor;

    CallMediaRoute(CallActor actor) {
        this.actor = actor;
    }

    @Override
    public void onDigit(char digit, DigitSource source, long arrivalMillis) {
        actor.digitArrived(digit, source, arrivalMillis);
    }

    @Override
    public void onAudio(short[] pcm, int offset, int length, long arrivalMillis) {
        actor.audioArrived(pcm, offset, length);
    }

    @Override
    public void onRtpTimeout() {
        actor.rtpTimedOut();
    }
}
