package io.voicegather.bench.turn;

import io.voicegather.server.media.play.PcmAudio;

/**
 * The timestamps of one caller turn ({@link System#nanoTime()}), written by the threads that see each step: the
 * caller's sender (decisive packet), the instant providers (recogniser and model called), the timed prompt loader
 * (render asked and done) and the caller's receiver (first reply packet). Zero means "not seen".
 */
final class Turn {
    final int number;
    /** Before sending the silent packet that completes the VAD's end hangover. */
    volatile long decisiveSent;
    volatile long sttCalled;
    volatile long llmCalled;
    volatile long renderCalled;
    volatile long renderDone;
    /** When the first packet of the reply with a non-silent payload reached the caller's socket. */
    volatile long firstAudioArrived;
    volatile PcmAudio reply;

    Turn(int number) {
        this.number = number;
    }

    boolean complete() {
        return decisiveSent > 0 && sttCalled > 0 && llmCalled > 0 && renderCalled > 0 && renderDone > 0
                && firstAudioArrived > 0 && reply != null;
    }

    /** Steps seen in the expected order (a VAD that ended early would put the recogniser before the decisive packet). */
    boolean ordered() {
        return decisiveSent < sttCalled && sttCalled <= llmCalled && llmCalled <= renderCalled
                && renderCalled <= renderDone && renderDone < firstReplyPacket();
    }

    /**
     * When the reply's first packet left, estimated as the arrival of its first non-silent packet minus the packet
     * times of any leading packets that encode to pure silence (the clock sends one packet per 20 ms tick).
     */
    long firstReplyPacket() {
        return firstAudioArrived - ReplyAudio.leadingSilentPackets(reply) * CallerFleet.PACKET_NANOS;
    }
}
