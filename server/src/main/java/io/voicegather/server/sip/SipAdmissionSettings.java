package io.voicegather.server.sip;

import java.time.Duration;

/**
 * Who may reach SIP, and how much of it one source or all of them together may take. See docs/robustness.md.
 *
 * @param allow                      the sources served; everyone else is dropped unanswered
 * @param invitesPerSecondPerSource  new INVITEs per second one source address may send, on average
 * @param inviteBurstPerSource       new INVITEs one source may send at once, after a quiet spell
 * @param maxUnansweredCalls         INVITEs that may wait for their final answer at once, from all sources
 * @param maxTcpConnections          TCP connections open at once, from all sources
 * @param maxTcpConnectionsPerSource TCP connections open at once from one source address
 * @param tcpIdleTimeout             a TCP connection that carries no call and no traffic this long is closed
 */
public record SipAdmissionSettings(SipAllowList allow, int invitesPerSecondPerSource, int inviteBurstPerSource,
                                   int maxUnansweredCalls, int maxTcpConnections, int maxTcpConnectionsPerSource,
                                   Duration tcpIdleTimeout) {
    /**
     * Sized for a SIP proxy in front of the server, which sends every call from one address: 200 new calls a second
     * with bursts of 400 from one address, and 1000 calls waiting for the application's answer.
     */
    public static final SipAdmissionSettings DEFAULTS = new SipAdmissionSettings(SipAllowList.EVERYONE, 200, 400,
            1000, 4096, 256, Duration.ofMinutes(5));

    public SipAdmissionSettings {
        if (invitesPerSecondPerSource <= 0 || inviteBurstPerSource <= 0 || maxUnansweredCalls <= 0
                || maxTcpConnections <= 0 || maxTcpConnectionsPerSource <= 0 || tcpIdleTimeout.isNegative()
                || tcpIdleTimeout.isZero()) {
            throw new IllegalArgumentException("SIP admission limits must be positive");
        }
    }

    public SipAdmissionSettings withAllow(SipAllowList allowList) {
        return new SipAdmissionSettings(allowList, invitesPerSecondPerSource, inviteBurstPerSource,
                maxUnansweredCalls, maxTcpConnections, maxTcpConnectionsPerSource, tcpIdleTimeout);
    }

    public SipAdmissionSettings withInviteRate(int perSecond, int burst) {
        return new SipAdmissionSettings(allow, perSecond, burst, maxUnansweredCalls, maxTcpConnections,
                maxTcpConnectionsPerSource, tcpIdleTimeout);
    }

    public SipAdmissionSettings withMaxUnansweredCalls(int max) {
        return new SipAdmissionSettings(allow, invitesPerSecondPerSource, inviteBurstPerSource, max,
                maxTcpConnections, maxTcpConnectionsPerSource, tcpIdleTimeout);
    }

    public SipAdmissionSettings withTcp(int maxConnections, int maxPerSource, Duration idleTimeout) {
        return new SipAdmissionSettings(allow, invitesPerSecondPerSource, inviteBurstPerSource,
                maxUnansweredCalls, maxConnections, maxPerSource, idleTimeout);
    }
}
