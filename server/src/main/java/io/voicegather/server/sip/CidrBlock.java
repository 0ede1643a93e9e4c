package io.voicegather.server.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One address block written the CIDR way ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is a block of
 * one ({@code /32} or {@code /128}). Only literal addresses are accepted: a host name would need a lookup.
 */
public final class CidrBlock {
    private final byte[] network;
    private final int prefixBits;
    private final String text;

    private CidrBlock(byte[] network, int prefixBits, String text) {
        this.network = network;
        this.prefixBits = prefixBits;
        this.text = text;
    }

    /** @throws IllegalArgumentException with a message naming the block when it is not a literal CIDR block */
    public static CidrBlock parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (address.isEmpty() || !isLiteral(address)) {
            throw notABlock(t, null);
        }
        byte[] bytes = address.indexOf(':') >= 0 ? ipv6(address, t) : ipv4(address, t);
        int maxBits = bytes.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + t + "' has no prefix length after the '/'");
            }
            bits = Integer.parseInt(p);
            if (bits > maxBits) {
                throw new IllegalArgumentException("'" + t + "': the prefix length must be 0-" + maxBits);
            }
        }
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] &= (byte) mask(bits, i); // 10.1.2.3/8 means 10.0.0.0/8
        }
        return new CidrBlock(bytes, bits, t);
    }

    /** The address an IPv4 or IPv6 literal names, read without any lookup; null for anything else (a host name). */
    public static InetAddress literalAddress(String text) {
        if (text == null || text.isEmpty() || !isLiteral(text)) {
            return null;
        }
        try {
            return InetAddress.getByAddress(text.indexOf(':') >= 0 ? ipv6(text, text) : ipv4(text, text));
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }

    /** Digits, dots, colons and hex letters only: never a name to look up. */
    private static boolean isLiteral(String address) {
        boolean colon = address.indexOf(':') >= 0;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c == '.' || colon && (c == ':' || c >= 'a' && c <= 'f'
                    || c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Four decimal parts of 0-255, read here: the JDK would take anything else for a host name and look it up. */
    private static byte[] ipv4(String address, String text) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw notABlock(text, null);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || Integer.parseInt(parts[i]) > 255) {
                throw notABlock(text, null);
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    /** With a colon it can only be an IPv6 literal, which the JDK reads without a lookup. */
    private static byte[] ipv6(String address, String text) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw notABlock(text, e);
        }
    }

    private static IllegalArgumentException notABlock(String text, Exception cause) {
        return new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address block such as"
                + " 10.0.0.0/8 or 2001:db8::/32", cause);
    }

    /** The mask byte at index i of a prefix of {@code bits}. */
    private static int mask(int bits, int i) {
        int inByte = Math.max(0, Math.min(8, bits - 8 * i));
        return (0xff << (8 - inByte)) & 0xff;
    }

    /** Whether the address is inside the block; an IPv4 address is never inside an IPv6 block and the reverse. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** As {@link #contains(InetAddress)}, for the address's bytes (4 or 16). */
    boolean contains(byte[] a) {
        if (a.length != network.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & mask(prefixBits, i)) != (network[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** The same addresses: {@code 10.1.2.3/8} equals {@code 10.0.0.0/8}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CidrBlock other && prefixBits == other.prefixBits
                && java.util.Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
        return text;
    }
}
