package io.voicegather.bench.turn;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One simulated caller: talks, goes quiet, waits for the assistant's reply, listens to it, talks again. The sender
 * thread moves it through SILENT → SPEAKING → HANGOVER → AWAITING; the receiver thread ends AWAITING when the reply's
 * first audible packet arrives.
 */
final class Caller {
    enum Phase { SILENT, SPEAKING, HANGOVER, AWAITING }

    final int index;
    final byte[] silencePayload = new byte[ReplyAudio.PACKET_SAMPLES];
    final int ssrc;
    volatile InetSocketAddress server;
    final AtomicReference<Phase> phase = new AtomicReference<>(Phase.SILENT);
    /** Start the next utterance at or after this time (nanoTime). */
    volatile long speakAt;
    volatile Turn turn;

    // sender thread only
    int sequence;
    int timestamp;
    int packetsInPhase;
    int turnsStarted;
    volatile long nextSendAt;
    boolean phaseShifted;

    Caller(int index) {
        this.index = index;
        this.ssrc = 0x5000_0000 + index;
        java.util.Arrays.fill(silencePayload, ReplyAudio.ULAW_ZERO);
        CallerTag.write(index, silencePayload, 0);
    }

    /** What the instant model answers this caller on its current turn. */
    String replyText(boolean uniquePerTurn) {
        Turn t = turn;
        return uniquePerTurn && t != null ? "Okay " + index + ", " + t.number + "." : "Okay " + index + ".";
    }

    /**
     * A reply of three sentences, each long enough to be a piece of its own for speech; its first sentence is
     * {@link #firstSentence}.
     */
    String longReplyText(boolean uniquePerTurn) {
        return firstSentence(uniquePerTurn) + " Here is the second sentence of the answer."
                + " And this is the third and last one.";
    }

    String firstSentence(boolean uniquePerTurn) {
        Turn t = turn;
        return uniquePerTurn && t != null ? "Okay caller " + index + ", on turn " + t.number + "."
                : "Okay caller " + index + ", here we go.";
    }
}
