package io.voicegather.server.e2e.peers;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 that were free a moment ago. Peers are external processes that bind by number, so a
 * small race remains; ranges are taken at random from a high band to keep parallel tests apart.
 */
public final class FreePorts {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private FreePorts() {
    }

    /** A port free for both UDP and TCP (SIP listens on both in some peers). */
    public static int udpAndTcp() {
        return block(1);
    }

    /** Base of count consecutive ports, all free for UDP and TCP. */
    public static int block(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 60000 - count) & ~1;   // even: RTP convention
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + count + " free ports on 127.0.0.1");
    }

    private static boolean allFree(int base, int count) {
        List<AutoCloseable> held = new ArrayList<>();
        try {
            for (int p = base; p < base + count; p++) {
                DatagramSocket u = new DatagramSocket(null);
                held.add(u);
                u.bind(new InetSocketAddress(LOOPBACK, p));
                ServerSocket t = new ServerSocket();
                held.add(t);
                t.bind(new InetSocketAddress(LOOPBACK, p));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
    }
}
