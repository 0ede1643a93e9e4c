package io.voicegather.server.media.play;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * {@code --audio-url-block-private}: keeps the fetches the server makes on a request's behalf, {@code audio_url}
 * prompts and {@code media_url} uploads to the media store, away from addresses that are not on the public
 * internet (loopback, private, link-local with the cloud metadata service, carrier-grade NAT, multicast, reserved),
 * so that an application sending commands cannot make the server read its own network. Two checks: a host written
 * as an address is judged when the command comes ({@link #literalRefusal}), without any lookup; every host, a name
 * or not, is resolved and judged again on the fetch thread before each request, redirects included
 * ({@link #checkResolved}). The HTTP client then connects through the JVM's address cache (30 s), so it reaches the
 * address that was judged. The list is in docs/robustness.md, "The audio_url guard".
 *
 * <p>Threading: immutable; {@link #checkResolved} blocks on name resolution, so only on the fetcher's threads.
 */
public final class AudioUrlGuard {
    /** No address refused: the default. */
    public static final AudioUrlGuard OFF = new AudioUrlGuard(false);
    /** Refuses every address {@link #blocked} names. */
    public static final AudioUrlGuard BLOCK_PRIVATE = new AudioUrlGuard(true);

    private final boolean on;

    private AudioUrlGuard(boolean on) {
        this.on = on;
    }

    public static AudioUrlGuard of(boolean blockPrivate) {
        return blockPrivate ? BLOCK_PRIVATE : OFF;
    }

    /**
     * Why {@code url} is refused now, when its host is written as a blocked address ({@code 10.0.0.1},
     * {@code 2130706433}, {@code [::1]}); null when it is allowed here, or a name (judged at fetch time), or not a URL.
     */
    public String literalRefusal(String url) {
        if (!on || url == null) {
            return null;
        }
        String host;
        try {
            host = new URI(url).getHost();
        } catch (URISyntaxException e) {
            return null; // the parser has judged the URL already
        }
        InetAddress address = literal(host);
        return address != null && blocked(address) ? refusal(host, address) : null;
    }

    /**
     * Resolves {@code host} and throws when any of its addresses is blocked (a name with one public and one private
     * address is refused: the client might connect to either). Does nothing when the guard is off.
     */
    void checkResolved(String host) throws AudioFetchException {
        String refusal = resolvedRefusal(host);
        if (refusal != null) {
            throw new AudioFetchException(AudioFetchException.Reason.FAILED, refusal);
        }
    }

    /**
     * Why {@code host} is refused after resolving it (an address of it is blocked, or it does not resolve); null
     * when it is allowed or the guard is off. Blocks on name resolution: for fetching threads only.
     */
    public String resolvedRefusal(String host) {
        if (!on) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "URL host '" + host + "' could not be resolved";
        }
        for (InetAddress a : addresses) {
            if (blocked(a)) {
                return refusal(host, a);
            }
        }
        return null;
    }

    private static String refusal(String host, InetAddress address) {
        return "URL host '" + host + "' is " + address.getHostAddress()
                + ", not a public address (--audio-url-block-private)";
    }

    /** Whether an address is refused: not one the public internet routes to a server. */
    static boolean blocked(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return blockedV4(b);
        }
        if (address instanceof Inet6Address) {
            return blockedV6(b);
        }
        return true;
    }

    private static boolean blockedV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return a0 == 0                                  // 0.0.0.0/8 "this network", 0.0.0.0 itself
                || a0 == 10                             // 10.0.0.0/8 private
                || (a0 == 100 && (a1 & 0xc0) == 64)     // 100.64.0.0/10 carrier-grade NAT (and cloud internals)
                || a0 == 127                            // 127.0.0.0/8 loopback
                || (a0 == 169 && a1 == 254)             // 169.254.0.0/16 link-local, cloud metadata
                || (a0 == 172 && (a1 & 0xf0) == 16)     // 172.16.0.0/12 private
                || (a0 == 192 && a1 == 0 && a2 == 0)    // 192.0.0.0/24 IETF protocol assignments
                || (a0 == 192 && a1 == 168)             // 192.168.0.0/16 private
                || (a0 == 198 && (a1 & 0xfe) == 18)     // 198.18.0.0/15 benchmarking
                || a0 >= 224;                           // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, broadcast
    }

    private static boolean blockedV6(byte[] b) {
        if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return blockedV4(Arrays.copyOfRange(b, 12, 16)); // ::ffff:a.b.c.d, IPv4-mapped
        }
        if (isZero(b, 0, 12)) {
            return true; // :: unspecified, ::1 loopback, ::a.b.c.d (IPv4-compatible, deprecated)
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && isZero(b, 4, 12)) {
            return blockedV4(Arrays.copyOfRange(b, 12, 16)); // 64:ff9b::a.b.c.d, NAT64 to that IPv4 address
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return blockedV4(Arrays.copyOfRange(b, 2, 6)); // 2002:aabb:ccdd::/48, 6to4 of a.b.c.d
        }
        int first = b[0] & 0xff;
        return (first & 0xfe) == 0xfc                   // fc00::/7 unique local
                || (first == 0xfe && (b[1] & 0xc0) == 0x80)  // fe80::/10 link-local
                || (first == 0xfe && (b[1] & 0xc0) == 0xc0)  // fec0::/10 site-local (deprecated)
                || first == 0xff;                       // ff00::/8 multicast
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address a URL host is written as, parsed without any lookup: {@code [v6]}, or IPv4 in the forms the
     * JDK's resolver reads as an address (a.b.c.d, a.b.c, a.b, a: decimal parts, the last filling the rest);
     * null for a name.
     */
    static InetAddress literal(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        try {
            if (host.startsWith("[") && host.endsWith("]")) {
                int zone = host.indexOf('%'); // fe80::1%25eth0: the zone does not change what the address is
                String address = host.substring(1, zone > 0 ? zone : host.length() - 1);
                return address.contains(":") ? InetAddress.getByName(address) : null; // parsed, never looked up
            }
            byte[] v4 = numericV4(host);
            return v4 == null ? null : InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] numericV4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 10 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            values[i] = Long.parseLong(p);
        }
        long value = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            value = (value << 8) | values[i];
        }
        int restBits = 8 * (5 - values.length);
        long last = values[values.length - 1];
        if (last >= (1L << restBits)) {
            return null;
        }
        value = (value << restBits) | last;
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
