package io.voicegather.server.sip;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The sources SIP is taken from ({@code --sip-allow}): a list of CIDR blocks, or everyone when the list is empty.
 * A source outside the list is never answered; see docs/robustness.md for why it is dropped rather than refused.
 */
public final class SipAllowList {
    public static final SipAllowList EVERYONE = new SipAllowList(List.of());

    private final CidrBlock[] blocks;

    private SipAllowList(List<CidrBlock> blocks) {
        this.blocks = blocks.toArray(CidrBlock[]::new);
    }

    /**
     * @param commaSeparated blocks such as {@code 10.0.0.0/8, 192.0.2.7, 2001:db8::/32}; blank allows everyone
     * @throws IllegalArgumentException naming the first block that does not parse
     */
    public static SipAllowList parse(String commaSeparated) {
        List<CidrBlock> blocks = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                blocks.add(CidrBlock.parse(part));
            }
        }
        return blocks.isEmpty() ? EVERYONE : new SipAllowList(blocks);
    }

    public boolean allowsEveryone() {
        return blocks.length == 0;
    }

    public boolean allows(InetAddress source) {
        if (blocks.length == 0) {
            return true;
        }
        byte[] a = source.getAddress(); // one copy per check, not one per block
        for (CidrBlock b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** The same blocks in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SipAllowList other && java.util.Arrays.equals(blocks, other.blocks);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(blocks);
    }

    @Override
    public String toString() {
        return blocks.length == 0 ? "everyone" : String.join(", ", java.util.Arrays.stream(blocks)
                .map(CidrBlock::toString).toList());
    }
}
