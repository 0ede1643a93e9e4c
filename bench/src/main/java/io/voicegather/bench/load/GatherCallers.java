package io.voicegather.bench.load;

import io.voicegather.server.sip.SipMessage;
import io.voicegather.server.sip.SipParseException;
import io.voicegather.server.sip.SipParser;
import io.voicegather.server.sip.sdp.SdpNegotiationException;
import io.voicegather.server.sip.sdp.SdpParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator for gather calls, in place of SIPp's uac_pcap scenario: real SIP over UDP and real RTP on loopback
 * from ONE thread, so on a small machine the generator costs little next to the server and its cost can be
 * reported apart. Each call: INVITE (PCMU, PCMA, telephone-event 101), 200, ACK, 200 ms later the
 * {@link DigitsRtp} stream (the same packets at the same times as SIPp's pcap), then silence, and 1 s after the
 * media a BYE; a BYE from the server is answered and ends the call. INVITE and BYE are sent again every 500 ms
 * until answered; a call with no final answer within --timeout-ms fails.
 *
 * <p>All calls share one SIP socket and one RTP socket (named in every SDP offer, so the server sends all audio
 * there). What the server sends on it is either read and dropped ({@code --rtp-receive read}) or never read from
 * a minimal socket buffer, the kernel dropping it ({@code ignore}).
 *
 * <pre>
 * GatherCallers --target 127.0.0.1:15060 --rate 100 --limit 1000 --duration 45 --digits 1234567890# \
 *               --call-ms 8000 --timeout-ms 8900 [--rtp-receive read|ignore] [--stats FILE]
 * </pre>
 * Prints the calls attempted, held at most at once, succeeded and failed; the packets sent more than one packet
 * time late, the passes of the loop that came more than one packet time after the one before (late ticks: one such
 * stall makes every call's packet late at once) and the longest gap between passes; and the process CPU time.
 * --stats writes them as KEY=VALUE lines too.
 */
public final class GatherCallers {
    private static final String LOCAL_HOST = "127.0.0.1";
    private static final long MS = 1_000_000L;
    private static final long PACKET_NANOS = DigitsRtp.PACKET_US * 1000L;
    private static final long RETRANSMIT_NANOS = 500 * MS;
    private static final long MEDIA_DELAY_NANOS = 200 * MS;     // the scenario's pause between ACK and the pcap
    private static final long HANGUP_AFTER_MEDIA_NANOS = 1000 * MS;

    // the stream every call sends, with seq 0, timestamp 0 and SSRC 0 at its start; each call adds its own
    private final byte[][] packets;
    private final long[] dueNanos;
    private final long playNanos;
    private final int tailTimestamp;
    private final byte[] silence = DigitsRtp.silencePacket(0);

    private final InetSocketAddress target;
    private final String targetHostPort;
    private final double rate;
    private final int limit;
    private final long timeoutNanos;
    private final boolean readRtp;
    private final DatagramChannel sip;
    private final DatagramChannel rtp;
    private final int sipPort;
    private final int rtpPort;
    private final String runId = Long.toString(ProcessHandle.current().pid());
    private final Map<String, GatherCall> calls = new HashMap<>();
    private final List<GatherCall> active = new ArrayList<>();
    private final ByteBuffer in = ByteBuffer.allocate(65536);
    private final ByteBuffer rtpIn = ByteBuffer.allocateDirect(2048);
    private final ByteBuffer out = ByteBuffer.allocateDirect(2048);

    private long attempted;
    private long heldPeak;
    private long succeeded;
    private long failed;
    private long lateSends;
    private long lateTicks;
    private long longestGapNanos;
    private long rtpSent;
    private long rtpReceived;

    private GatherCallers(Options o) throws IOException {
        DigitsRtp stream = DigitsRtp.of(o.digits, o.callMs, 0, 0, 0);
        packets = stream.packets.toArray(new byte[0][]);
        dueNanos = stream.timesUs.stream().mapToLong(us -> us * 1000L).toArray();
        playNanos = stream.playUs() * 1000L;
        tailTimestamp = (int) stream.nextTimestamp();
        target = new InetSocketAddress(o.targetHost, o.targetPort);
        targetHostPort = o.targetHost + ":" + o.targetPort;
        rate = o.rate;
        limit = o.limit;
        timeoutNanos = o.timeoutMs * MS;
        readRtp = o.readRtp;
        sip = DatagramChannel.open();
        sip.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        sip.bind(new InetSocketAddress(LOCAL_HOST, 0)).configureBlocking(false);
        rtp = DatagramChannel.open();
        // ignored audio: the smallest buffer the kernel allows, so it drops early instead of queueing megabytes
        rtp.setOption(StandardSocketOptions.SO_RCVBUF, readRtp ? 4 << 20 : 1);
        rtp.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        rtp.bind(new InetSocketAddress(LOCAL_HOST, 0)).configureBlocking(false);
        sipPort = ((InetSocketAddress) sip.getLocalAddress()).getPort();
        rtpPort = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
    }

    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        GatherCallers g = new GatherCallers(o);
        long wallStart = System.nanoTime();
        g.run(wallStart + o.durationSeconds * 1000 * MS);
        long wallMs = (System.nanoTime() - wallStart) / MS;
        long cpuMs = processCpuNanos() / MS;
        String stats = "GEN_CALLS_ATTEMPTED=" + g.attempted + "\nGEN_CALLS_HELD_PEAK=" + g.heldPeak
                + "\nGEN_CALLS_SUCCEEDED=" + g.succeeded + "\nGEN_CALLS_FAILED=" + g.failed
                + "\nGEN_LATE_SENDS=" + g.lateSends + "\nGEN_LATE_TICKS=" + g.lateTicks
                + "\nGEN_LONGEST_GAP_MS=" + g.longestGapNanos / MS + "\nGEN_RTP_SENT=" + g.rtpSent
                + "\nGEN_RTP_RECEIVED=" + g.rtpReceived + "\nGEN_CPU_MS=" + cpuMs + "\nGEN_WALL_MS=" + wallMs + "\n";
        System.out.print(stats);
        if (o.statsFile != null) {
            Files.writeString(o.statsFile, stats);
        }
    }

    /** Starts calls until {@code stopStartingAt}, then lets the running ones end (or fail at their timeout). */
    private void run(long stopStartingAt) throws IOException {
        long interval = (long) (1000 * MS / rate);
        long nextStartAt = System.nanoTime();
        long lastPass = nextStartAt;
        long lastCallEnd = stopStartingAt + MEDIA_DELAY_NANOS + playNanos + HANGUP_AFTER_MEDIA_NANOS + 2 * timeoutNanos;
        while (true) {
            long now = System.nanoTime();
            boolean starting = now < stopStartingAt;
            if (!starting && calls.isEmpty() || now > lastCallEnd) {
                break;
            }
            if (now - lastPass > PACKET_NANOS) {
                lateTicks++;
            }
            longestGapNanos = Math.max(longestGapNanos, now - lastPass);
            lastPass = now;
            while (starting && now >= nextStartAt && calls.size() < limit) {
                start(now);
                nextStartAt = Math.max(nextStartAt, now - interval) + interval;   // no burst after a full spell
            }
            heldPeak = Math.max(heldPeak, calls.size());
            receiveSip(now);
            if (readRtp) {
                drainRtp();
            }
            for (int i = active.size() - 1; i >= 0; i--) {
                GatherCall c = active.get(i);
                if (c.state != GatherCall.State.DONE) {
                    service(c, now);
                }
                if (c.state == GatherCall.State.DONE) {
                    active.set(i, active.get(active.size() - 1));
                    active.remove(active.size() - 1);
                }
            }
            LockSupport.parkNanos(MS);     // what fell due meanwhile goes out on the next pass, at most ~1 ms late
        }
        failed += calls.size();            // still open at the last moment
    }

    private void start(long now) throws IOException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        GatherCall c = new GatherCall(++attempted, runId, LOCAL_HOST, sipPort, targetHostPort, r.nextInt(),
                r.nextInt(1 << 15), r.nextInt(1 << 30));
        calls.put(c.callId, c);
        active.add(c);
        c.pending = c.invite(rtpPort);
        c.retransmitAt = now + RETRANSMIT_NANOS;
        c.giveUpAt = now + timeoutNanos;
        sendSip(c.pending);
    }

    /** Timers and media of one call. */
    private void service(GatherCall c, long now) throws IOException {
        if (c.state == GatherCall.State.IN_MEDIA) {
            sendDueMedia(c, now);
            if (now >= c.byeAt) {
                c.state = GatherCall.State.HANGING_UP;
                c.pending = c.bye();
                c.retransmitAt = now + RETRANSMIT_NANOS;
                c.giveUpAt = now + timeoutNanos;
                sendSip(c.pending);
            }
            return;
        }
        if (now >= c.giveUpAt) {
            end(c, false);
        } else if (c.pending != null && now >= c.retransmitAt) {
            sendSip(c.pending);
            c.retransmitAt += RETRANSMIT_NANOS;
        }
    }

    /** Every packet due by now: the digits stream, then silence (seq and timestamp go on) until the BYE. */
    private void sendDueMedia(GatherCall c, long now) throws IOException {
        while (true) {
            int i = c.nextPacket;
            long due;
            if (i < packets.length) {
                due = c.mediaStartNanos + dueNanos[i];
            } else {
                due = c.mediaStartNanos + playNanos + (i - packets.length) * PACKET_NANOS;
                if (due >= c.byeAt) {
                    return;
                }
            }
            if (due > now) {
                return;
            }
            if (now - due > PACKET_NANOS) {
                lateSends++;
            }
            out.clear();
            if (i < packets.length) {
                out.put(packets[i]);
                out.putInt(4, out.getInt(4) + c.timestampBase);
            } else {
                int k = i - packets.length;
                out.put(silence).putInt(4, tailTimestamp + k * DigitsRtp.SAMPLES_PER_PACKET + c.timestampBase);
            }
            // the stream starts at seq 0 and the silence after it goes on from there: packet i has seq i
            out.putShort(2, (short) (i + c.seqBase)).putInt(8, c.ssrc).flip();
            rtp.send(out, c.serverRtp);
            rtpSent++;
            c.nextPacket++;
        }
    }

    private void receiveSip(long now) throws IOException {
        while (true) {
            in.clear();
            if (sip.receive(in) == null) {
                return;
            }
            SipMessage m;
            try {
                m = SipParser.parse(in.array(), 0, in.position());
            } catch (SipParseException e) {
                System.err.println("unparsable SIP message: " + e.getMessage());
                continue;
            }
            GatherCall c = calls.get(m.callId());
            if (m.isRequest()) {
                onRequest(m, c);
            } else if (c != null) {
                onResponse(m, c, now);
            }
        }
    }

    private void onRequest(SipMessage m, GatherCall c) throws IOException {
        if (m.method().equals("ACK")) {
            return;
        }
        sendSip(GatherCall.ok(m));
        if (m.method().equals("BYE") && c != null) {
            end(c, true);                  // the scenario counts a BYE from the server as a good end too
        }
    }

    private void onResponse(SipMessage m, GatherCall c, long now) throws IOException {
        int code = m.statusCode();
        if (m.cseq().method().equals("BYE")) {
            if (code >= 200 && c.state == GatherCall.State.HANGING_UP) {
                end(c, code < 300);
            }
            return;
        }
        if (code < 200) {
            if (c.state == GatherCall.State.INVITING) {
                c.pending = null;          // the server has it: no more INVITE retransmissions
            }
        } else if (code >= 300) {
            sendSip(c.ackForFailure(m));
            end(c, false);
        } else if (c.state != GatherCall.State.INVITING) {
            sendSip(c.ack);                // our ACK was lost: the 200 comes again
        } else {
            c.established(m);
            c.ack = c.ackFor2xx();
            sendSip(c.ack);
            c.serverRtp = audioAddress(m);
            if (c.serverRtp == null) {
                sendSip(c.bye());
                end(c, false);
                return;
            }
            c.pending = null;
            c.state = GatherCall.State.IN_MEDIA;
            c.mediaStartNanos = now + MEDIA_DELAY_NANOS;
            c.byeAt = c.mediaStartNanos + playNanos + HANGUP_AFTER_MEDIA_NANOS;
        }
    }

    private static InetSocketAddress audioAddress(SipMessage ok) {
        try {
            return SdpParser.parse(ok.bodyText()).audioAddress();
        } catch (SdpNegotiationException | RuntimeException e) {
            System.err.println("bad SDP answer: " + e.getMessage());
            return null;
        }
    }

    private void end(GatherCall c, boolean ok) {
        if (c.state == GatherCall.State.DONE) {
            return;
        }
        c.state = GatherCall.State.DONE;
        calls.remove(c.callId);
        if (ok) {
            succeeded++;
        } else {
            failed++;
        }
    }

    private void drainRtp() throws IOException {
        while (true) {
            rtpIn.clear();
            if (rtp.receive(rtpIn) == null) {
                return;
            }
            rtpReceived++;
        }
    }

    private void sendSip(byte[] message) throws IOException {
        sip.send(ByteBuffer.wrap(message), target);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The command line. */
    private record Options(String targetHost, int targetPort, double rate, int limit, long durationSeconds,
                           String digits, int callMs, long timeoutMs, boolean readRtp, Path statsFile) {
        static Options parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                a.put(args[i], args[i + 1]);
            }
            if (args.length % 2 != 0 || !a.containsKey("--target")) {
                System.err.println("usage: GatherCallers --target HOST:PORT [--rate CALLS_PER_S] [--limit N]"
                        + " [--duration S] [--digits D] [--call-ms MS] [--timeout-ms MS]"
                        + " [--rtp-receive read|ignore] [--stats FILE]");
                System.exit(2);
            }
            String t = a.get("--target");
            int colon = t.lastIndexOf(':');
            String receive = a.getOrDefault("--rtp-receive", "read");
            if (!receive.equals("read") && !receive.equals("ignore")) {
                throw new IllegalArgumentException("--rtp-receive is read or ignore, not " + receive);
            }
            return new Options(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)),
                    Double.parseDouble(a.getOrDefault("--rate", "10")), Integer.parseInt(a.getOrDefault("--limit", "10")),
                    Long.parseLong(a.getOrDefault("--duration", "10")), a.getOrDefault("--digits", "1234567890#"),
                    Integer.parseInt(a.getOrDefault("--call-ms", "8000")),
                    Long.parseLong(a.getOrDefault("--timeout-ms", "9000")), receive.equals("read"),
                    a.containsKey("--stats") ? Path.of(a.get("--stats")) : null);
        }
    }
}
