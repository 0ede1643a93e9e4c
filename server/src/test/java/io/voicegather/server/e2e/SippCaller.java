package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIPp phones calling the server under test. Every pcap starts with {@link #LEAD_MS} of silence: it is played
 * 200 ms after the ACK, and the app answers and then starts its gather right away, so the lead is the margin that
 * keeps the first key after the gather was accepted (no type-ahead) even on a loaded machine.
 */
final class SippCaller {
    static final int LEAD_MS = 2500;
    static final Duration HARD = Duration.ofSeconds(40);

    private SippCaller() {
    }

    /** RFC 4733 keys of 100 ms with 150 ms gaps, after the lead silence; add digits and pauses to it. */
    static RtpPcapWriter keys() {
        return new RtpPcapWriter().toneMs(100).gapMs(150).silence(LEAD_MS);
    }

    /** A call that plays the pcap and then waits (up to 25 s) for the server's BYE, which it requires. */
    static Sipp.Running waitingForBye(E2eServer server, Path dir, String caller, RtpPcapWriter pcap)
            throws IOException {
        return waitingForBye(server, dir, caller, pcap, QuietPorts.forPhone(8));
    }

    /** {@link #waitingForBye(E2eServer, Path, String, RtpPcapWriter)} with a known media port (e.g. to capture it). */
    static Sipp.Running waitingForBye(E2eServer server, Path dir, String caller, RtpPcapWriter pcap, int mediaPort)
            throws IOException {
        return waitingForBye(server.sipTarget(), dir, caller, pcap, mediaPort);
    }

    /**
     * The same call to any SIP address ("host:port"), e.g. a proxy in front of the servers, from a SIP port of its
     * own (phones started together must not race for SIPp's first free port from 5060 up).
     */
    static Sipp.Running waitingForBye(String sipTarget, Path dir, String caller, RtpPcapWriter pcap, int mediaPort)
            throws IOException {
        Path file = pcap.silence(200).write(dir.resolve(caller + ".pcap"));
        return Sipp.uac("uac_wait_bye.xml", sipTarget, dir).caller(caller).mediaPort(mediaPort)
                .localPort(QuietPorts.forPhone(1))
                .pcap(file).recvTimeout(Duration.ofSeconds(25)).callIdPrefix(caller).timeout(HARD).start();
    }

    /** A call that plays the pcap and hangs up itself (BYE) once hangUpAfter has passed since the ACK. */
    static Sipp.Running hangingUpAfter(E2eServer server, Path dir, String caller, RtpPcapWriter pcap,
                                       Duration hangUpAfter) throws IOException {
        Path file = pcap.write(dir.resolve(caller + ".pcap"));
        return Sipp.uac("uac_pcap.xml", server.sipTarget(), dir).caller(caller).mediaPort(QuietPorts.forPhone(8))
                .pcap(file).recvTimeout(hangUpAfter).callIdPrefix(caller).timeout(HARD).start();
    }

    static void assertSucceeded(Sipp.Result result, int calls) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.successfulCalls()).as(result.describe()).isEqualTo(calls);
        assertThat(result.failedCalls()).as(result.describe()).isZero();
    }
}
