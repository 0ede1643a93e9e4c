package io.voicegather.server.media;

/**
 * Counters of one RTP session. Bytes are whole RTP packets (header included). {@code dtmfPacketsIn} are
 * telephone-event packets, also counted in {@code packetsIn}.
 */
public record RtpStats(long packetsIn, long bytesIn, long packetsOut, long bytesOut, long dtmfPacketsIn) {
}
