package io.voicegather.server.media.rtp;

import java.io.IOException;

/** Every RTP/RTCP port pair in the configured range is in use. */
public class PortRangeExhaustedException extends IOException {
    public PortRangeExhaustedException(int minPort, int maxPort, int pairs) {
        super("all " + pairs + " RTP port pairs in " + minPort + "-" + maxPort + " are in use");
    }
}
