package io.voicegather.server.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UDP port blocks on 127.0.0.1 from a band that busy neighbours leave alone: above the server's default RTP range
 * (20000-29999, which other servers on a shared machine bind in bulk under load) and below the kernel's usual
 * ephemeral range (32768 and up). A port free when chosen can still be taken later by another process; this band
 * makes that unlikely rather than impossible.
 * <p>
 * Blocks are handed out in turn through each half, from a random start, so this JVM never hands out a port again
 * until the half has been gone through: a phone started just after another cannot be given the ports that one has
 * been given but not bound yet (SIPp binds them a moment after its start).
 */
public final class QuietPorts {
    /** The server's RTP ranges come from the lower half, the phones' media ports from the upper half. */
    private static final int LOW = 30000;
    private static final int MIDDLE = 31400;
    private static final int HIGH = 32766;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Turn SERVERS = new Turn(LOW, MIDDLE);
    private static final Turn PHONES = new Turn(MIDDLE, HIGH);

    private QuietPorts() {
    }

    /** Even base of count consecutive ports for the server's RTP range, all free for UDP right now. */
    public static int forServer(int count) {
        return SERVERS.next(count);
    }

    /**
     * Even base of count consecutive ports for a phone's media, all free for UDP right now. A separate half of the
     * band, so they never overlap a server range that was chosen earlier but is not bound yet.
     */
    public static int forPhone(int count) {
        return PHONES.next(count);
    }

    /** One half of the band, handed out block after block. */
    private static final class Turn {
        private final int low;
        private final int high;
        private int next;

        Turn(int low, int high) {
            this.low = low;
            this.high = high;
            this.next = ThreadLocalRandom.current().nextInt(low, high) & ~1;
        }

        synchronized int next(int count) {
            for (int tried = 0; tried < high - low; tried += 2) {
                if (next + count > high) {
                    next = low;
                }
                int base = next;
                next = (base + count + 1) & ~1;
                if (allFree(base, count)) {
                    return base;
                }
            }
            throw new IllegalStateException("no block of " + count + " free UDP ports in " + low + "-" + high);
        }
    }

    private static boolean allFree(int base, int count) {
        List<DatagramSocket> held = new ArrayList<>();
        try {
            for (int p = base; p < base + count; p++) {
                DatagramSocket s = new DatagramSocket(null);
                held.add(s);
                s.bind(new InetSocketAddress(LOOPBACK, p));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            held.forEach(DatagramSocket::close);
        }
    }
}
