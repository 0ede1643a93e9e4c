package io.voicegather.server.sip.sdp;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A parsed SDP session description (the parts offer/answer needs).
 *
 * @param connection session-level c= address, or null
 * @param direction  session-level direction attribute, or null
 * @param media      the m= sections in order
 */
public record SessionDescription(String connection, Direction direction, List<MediaDescription> media) {

    /** The connection address for a media section: its own c= or the session's. */
    public String connectionFor(MediaDescription m) {
        return m.connection() != null ? m.connection() : connection;
    }

    /** The effective direction of a media section (media level wins, default sendrecv). */
    public Direction directionFor(MediaDescription m) {
        if (m.direction() != null) {
            return m.direction();
        }
        return direction != null ? direction : Direction.SENDRECV;
    }

    /** Where the first active audio section wants its RTP, or null when there is none. */
    public InetSocketAddress audioAddress() {
        for (MediaDescription m : media) {
            if (m.media().equals("audio") && m.port() > 0 && connectionFor(m) != null) {
                return new InetSocketAddress(connectionFor(m), m.port());
            }
        }
        return null;
    }
}
