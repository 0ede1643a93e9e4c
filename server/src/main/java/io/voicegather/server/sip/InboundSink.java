package io.voicegather.server.sip;

/** Receives each framed message's bytes (valid only during the call) with the flow it arrived on. */
interface InboundSink {
    void onMessage(byte[] data, int off, int len, SipFlow flow);
}
