package io.voicegather.server.sip.sdp;

import java.net.InetSocketAddress;

/**
 * The outcome of answering an offer.
 *
 * @param codecName                 "PCMU" or "PCMA"
 * @param payloadType               the codec's RTP payload type (as offered)
 * @param telephoneEventPayloadType the offerer's telephone-event/8000 payload type, or -1 when not offered
 * @param remoteRtp                 where to send RTP (the offer's address and audio port)
 * @param ptimeMillis               packet time: the offer's a=ptime, else 20
 * @param onHold                    the offerer put us on hold (sendonly/inactive or c=0.0.0.0): send no media
 * @param direction                 the direction in our answer
 * @param sdp                       the answer text
 */
public record SdpAnswer(String codecName, int payloadType, int telephoneEventPayloadType,
                        InetSocketAddress remoteRtp, int ptimeMillis, boolean onHold, Direction direction,
                        String sdp) {
}
