package io.voicegather.server.sip.sdp;

import java.util.List;
import java.util.Map;

/**
 * One m= section.
 *
 * @param media      "audio", "video", ...
 * @param port       transport port; 0 means the stream is disabled
 * @param proto      e.g. "RTP/AVP"
 * @param formats    format tokens in the offerer's preference order (payload types for RTP)
 * @param connection media-level c= address, or null
 * @param rtpmaps    payload type → rtpmap
 * @param fmtps      payload type → fmtp parameters
 * @param ptime      a=ptime in ms, or -1
 * @param direction  media-level direction attribute, or null when absent
 */
public record MediaDescription(String media, int port, String proto, List<String> formats, String connection,
                               Map<Integer, RtpMap> rtpmaps, Map<Integer, String> fmtps, int ptime,
                               Direction direction) {

    /** {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]}. */
    public record RtpMap(String encoding, int clockRate, int channels) {
    }
}
