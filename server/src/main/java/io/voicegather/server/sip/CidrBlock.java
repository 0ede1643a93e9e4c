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
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address block such as"
                    + " 10.0.0.0/8 or 2001:db8::/32");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address block", e);
        }
        int maxBits = bytes.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + text + "' has no prefix length after the '/'");
            }
            bits = Integer.parseInt(p);
            if (bits > maxBits) {
                throw new IllegalArgumentException("'" + text + "': the prefix length must be 0-" + maxBits);
            }
        }
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] &= (byte) mask(bits, i); // 10.1.2.3/8 means 10.0.0.0/8
        }
        return new CidrBlock(bytes, bits, t);
    }

    /** Digits, dots, colons and hex letters only, so that {@link InetAddress#getByName} never resolves a name. */
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
        return colon || address.chars().filter(c -> c == '.').count() == 3;
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

    @Override
    public String toString() {
        return text;
    }
}
