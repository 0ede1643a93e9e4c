package io.voicegather.server.sip.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses SDP (RFC 4566) leniently: unknown lines are ignored, malformed lines that matter (c=, m=) fail with
 * {@link SdpNegotiationException}. Thread-safe.
 */
public final class SdpParser {
    private static final int MAX_SDP_CHARS = 16384;

    private SdpParser() {
    }

    public static SessionDescription parse(String text) throws SdpNegotiationException {
        if (text == null || text.isBlank()) {
            throw new SdpNegotiationException("empty SDP");
        }
        if (text.length() > MAX_SDP_CHARS) {
            throw new SdpNegotiationException("SDP too large");
        }
        String sessionConnection = null;
        Direction sessionDirection = null;
        boolean sawVersion = false;
        List<MediaDescription> media = new ArrayList<>();
        MediaBuilder current = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2).trim();
            switch (type) {
                case 'v' -> sawVersion = true;
                case 'c' -> {
                    String addr = parseConnection(value);
                    if (current != null) {
                        current.connection = addr;
                    } else {
                        sessionConnection = addr;
                    }
                }
                case 'm' -> {
                    if (current != null) {
                        media.add(current.build());
                    }
                    current = parseMediaLine(value);
                }
                case 'a' -> {
                    Direction d = directionOf(value);
                    if (d != null) {
                        if (current != null) {
                            current.direction = d;
                        } else {
                            sessionDirection = d;
                        }
                    } else if (current != null) {
                        current.attribute(value);
                    }
                }
                default -> {
                    // o=, s=, t=, b=, ... are not needed for offer/answer here
                }
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        if (!sawVersion) {
            throw new SdpNegotiationException("no v= line");
        }
        return new SessionDescription(sessionConnection, sessionDirection, List.copyOf(media));
    }

    private static String parseConnection(String value) throws SdpNegotiationException {
        String[] parts = value.split("\\s+");
        if (parts.length < 3 || !parts[0].equals("IN")) {
            throw new SdpNegotiationException("bad c= line");
        }
        String addr = parts[2];
        int slash = addr.indexOf('/');
        return slash < 0 ? addr : addr.substring(0, slash); // drop multicast TTL
    }

    private static MediaBuilder parseMediaLine(String value) throws SdpNegotiationException {
        String[] parts = value.split("\\s+");
        if (parts.length < 3) {
            throw new SdpNegotiationException("bad m= line");
        }
        MediaBuilder b = new MediaBuilder();
        b.media = parts[0].toLowerCase(Locale.ROOT);
        String port = parts[1];
        int slash = port.indexOf('/');
        try {
            b.port = Integer.parseInt(slash < 0 ? port : port.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new SdpNegotiationException("bad m= port");
        }
        if (b.port < 0 || b.port > 65535) {
            throw new SdpNegotiationException("bad m= port");
        }
        b.proto = parts[2];
        b.formats = List.copyOf(Arrays.asList(parts).subList(3, parts.length));
        return b;
    }

    private static Direction directionOf(String attribute) {
        return switch (attribute.toLowerCase(Locale.ROOT)) {
            case "sendrecv" -> Direction.SENDRECV;
            case "sendonly" -> Direction.SENDONLY;
            case "recvonly" -> Direction.RECVONLY;
            case "inactive" -> Direction.INACTIVE;
            default -> null;
        };
    }

    private static final class MediaBuilder {
        String media;
        int port;
        String proto;
        List<String> formats;
        String connection;
        final Map<Integer, MediaDescription.RtpMap> rtpmaps = new HashMap<>();
        final Map<Integer, String> fmtps = new HashMap<>();
        int ptime = -1;
        Direction direction;

        void attribute(String value) {
            int colon = value.indexOf(':');
            if (colon < 0) {
                return;
            }
            String name = value.substring(0, colon).toLowerCase(Locale.ROOT);
            String rest = value.substring(colon + 1).trim();
            switch (name) {
                case "rtpmap" -> rtpmap(rest);
                case "fmtp" -> {
                    int sp = rest.indexOf(' ');
                    Integer pt = intOrNull(sp < 0 ? rest : rest.substring(0, sp));
                    if (pt != null) {
                        fmtps.put(pt, sp < 0 ? "" : rest.substring(sp + 1).trim());
                    }
                }
                case "ptime" -> {
                    Integer p = intOrNull(rest);
                    if (p != null && p > 0 && p <= 1000) {
                        ptime = p;
                    }
                }
                default -> {
                    // other attributes are not needed
                }
            }
        }

        private void rtpmap(String rest) {
            int sp = rest.indexOf(' ');
            if (sp < 0) {
                return;
            }
            Integer pt = intOrNull(rest.substring(0, sp));
            String[] enc = rest.substring(sp + 1).trim().split("/");
            if (pt == null || enc.length < 2) {
                return;
            }
            Integer clock = intOrNull(enc[1]);
            Integer channels = enc.length > 2 ? intOrNull(enc[2]) : Integer.valueOf(1);
            if (clock != null && channels != null) {
                rtpmaps.put(pt, new MediaDescription.RtpMap(enc[0], clock, channels));
            }
        }

        MediaDescription build() {
            return new MediaDescription(media, port, proto, formats, connection, Map.copyOf(rtpmaps),
                    Map.copyOf(fmtps), ptime, direction);
        }
    }

    private static Integer intOrNull(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(s);
    }
}
