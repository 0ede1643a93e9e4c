package io.voicegather.server.sip.sdp;

import io.voicegather.server.sip.CidrBlock;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RFC 3264 answerer for one call's audio. Chooses the first format, in the offerer's order, that is PCMU or PCMA
 * (static payload types 0 and 8 need no rtpmap), echoes the offerer's telephone-event/8000 payload type, and
 * rejects every other m= line with port 0. One instance per call: the o= session id stays the same and its
 * version increases with every answer (re-INVITEs). Thread-safe.
 */
public final class SdpNegotiator {
    public static final int DEFAULT_PTIME = 20;

    private final long sessionId;
    private final AtomicLong version;

    public SdpNegotiator() {
        this(ThreadLocalRandom.current().nextLong(1L << 32, 1L << 48));
    }

    public SdpNegotiator(long sessionId) {
        this.sessionId = sessionId;
        this.version = new AtomicLong(sessionId);
    }

    public long sessionId() {
        return sessionId;
    }

    /**
     * Answers an offer.
     *
     * @param offerText    the remote SDP offer
     * @param localHost    our RTP address (IPv4 or IPv6 literal) for o= and c=
     * @param localRtpPort our RTP port
     * @throws SdpNegotiationException when the offer is unparseable or has no active audio stream with PCMU/PCMA
     */
    public SdpAnswer answer(String offerText, String localHost, int localRtpPort) throws SdpNegotiationException {
        Plan plan = plan(offerText);
        String sdp = render(plan.offer, plan.chosenIndex, plan.choice, localHost, localRtpPort, plan.ptime,
                plan.ours);
        return new SdpAnswer(plan.choice.codec, plan.choice.payloadType, plan.choice.telephoneEvent, plan.remote,
                plan.ptime, plan.onHold, plan.ours, sdp);
    }

    /**
     * Whether an offer can be answered, without answering it (the o= version is not used up): an INVITE is judged
     * when it arrives, and answered for its RTP port only when the call is answered.
     *
     * @throws SdpNegotiationException as {@link #answer} would
     */
    public void check(String offerText) throws SdpNegotiationException {
        plan(offerText);
    }

    /** What the answer to an offer says, but for our address and port. */
    private record Plan(SessionDescription offer, int chosenIndex, Choice choice, InetSocketAddress remote, int ptime,
                        boolean onHold, Direction ours) {
    }

    private Plan plan(String offerText) throws SdpNegotiationException {
        SessionDescription offer = SdpParser.parse(offerText);
        int chosenIndex = -1;
        Choice choice = null;
        for (int i = 0; i < offer.media().size() && choice == null; i++) {
            MediaDescription m = offer.media().get(i);
            if (m.media().equals("audio") && m.port() != 0 && m.proto().toUpperCase(Locale.ROOT).startsWith("RTP/")) {
                choice = choose(m);
                chosenIndex = i;
            }
        }
        if (choice == null) {
            throw new SdpNegotiationException("no active audio stream with PCMU or PCMA");
        }
        MediaDescription audio = offer.media().get(chosenIndex);
        String remoteHost = offer.connectionFor(audio);
        if (remoteHost == null) {
            throw new SdpNegotiationException("no connection address for audio");
        }
        Direction offered = offer.directionFor(audio);
        boolean nullAddress = remoteHost.equals("0.0.0.0") || remoteHost.equals("::");
        boolean onHold = nullAddress || offered == Direction.SENDONLY || offered == Direction.INACTIVE;
        Direction ours = nullAddress && offered == Direction.SENDRECV ? Direction.RECVONLY : offered.answer();
        int ptime = audio.ptime() > 0 ? audio.ptime() : DEFAULT_PTIME;
        // A host name would need a DNS lookup on the thread judging the INVITE, and one that does not resolve would
        // leave the media clock nowhere to send: only addresses are accepted.
        InetAddress address = CidrBlock.literalAddress(remoteHost);
        if (address == null) {
            throw new SdpNegotiationException("the connection address is not an IP address");
        }
        return new Plan(offer, chosenIndex, choice, new InetSocketAddress(address, audio.port()), ptime, onHold, ours);
    }

    private record Choice(String codec, int payloadType, int telephoneEvent) {
    }

    private static Choice choose(MediaDescription m) {
        String codec = null;
        int pt = -1;
        for (String format : m.formats()) {
            int p = parsePt(format);
            if (p < 0) {
                continue;
            }
            MediaDescription.RtpMap map = m.rtpmaps().get(p);
            String name = map != null ? map.encoding().toUpperCase(Locale.ROOT) : p == 0 ? "PCMU" : p == 8 ? "PCMA" : null;
            if (map != null && map.clockRate() != 8000) {
                continue;
            }
            if ("PCMU".equals(name) || "PCMA".equals(name)) {
                codec = name;
                pt = p;
                break;
            }
        }
        if (codec == null) {
            return null;
        }
        int te = -1;
        for (String format : m.formats()) {
            int p = parsePt(format);
            MediaDescription.RtpMap map = p < 0 ? null : m.rtpmaps().get(p);
            if (map != null && map.encoding().equalsIgnoreCase("telephone-event") && map.clockRate() == 8000) {
                te = p;
                break;
            }
        }
        return new Choice(codec, pt, te);
    }

    private static int parsePt(String format) {
        if (format.isEmpty() || format.length() > 3) {
            return -1;
        }
        for (int i = 0; i < format.length(); i++) {
            if (format.charAt(i) < '0' || format.charAt(i) > '9') {
                return -1;
            }
        }
        int p = Integer.parseInt(format);
        return p <= 127 ? p : -1;
    }

    private String render(SessionDescription offer, int chosenIndex, Choice choice, String localHost, int port,
                          int ptime, Direction direction) {
        String addrType = localHost.indexOf(':') >= 0 ? "IP6" : "IP4";
        StringBuilder sb = new StringBuilder(256);
        sb.append("v=0\r\n");
        sb.append("o=voicegather ").append(sessionId).append(' ').append(version.incrementAndGet())
                .append(" IN ").append(addrType).append(' ').append(localHost).append("\r\n");
        sb.append("s=voicegather\r\n");
        sb.append("c=IN ").append(addrType).append(' ').append(localHost).append("\r\n");
        sb.append("t=0 0\r\n");
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (i != chosenIndex) {
                // RFC 3264 §6: every offered stream appears in the answer; the ones we do not take get port 0
                String fmt = m.formats().isEmpty() ? "0" : m.formats().get(0);
                sb.append("m=").append(m.media()).append(" 0 ").append(m.proto()).append(' ').append(fmt)
                        .append("\r\n");
                continue;
            }
            sb.append("m=audio ").append(port).append(' ').append(m.proto()).append(' ').append(choice.payloadType);
            if (choice.telephoneEvent >= 0) {
                sb.append(' ').append(choice.telephoneEvent);
            }
            sb.append("\r\n");
            sb.append("a=rtpmap:").append(choice.payloadType).append(' ').append(choice.codec).append("/8000\r\n");
            if (choice.telephoneEvent >= 0) {
                sb.append("a=rtpmap:").append(choice.telephoneEvent).append(" telephone-event/8000\r\n");
                sb.append("a=fmtp:").append(choice.telephoneEvent).append(" 0-16\r\n");
            }
            sb.append("a=ptime:").append(ptime).append("\r\n");
            sb.append("a=").append(direction.attribute()).append("\r\n");
        }
        return sb.toString();
    }
}
