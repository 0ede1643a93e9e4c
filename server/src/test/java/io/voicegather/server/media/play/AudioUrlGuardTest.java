package io.voicegather.server.media.play;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The addresses --audio-url-block-private refuses, one row each (docs/robustness.md, "The audio_url guard"), and how
 * a URL host written as an address is read without a lookup.
 */
class AudioUrlGuardTest {
    @ParameterizedTest(name = "{0} blocked: {1}")
    @CsvSource({
            // IPv4
            "0.0.0.0, true",            // unspecified; connecting to it reaches this host
            "0.1.2.3, true",            // 0.0.0.0/8 this network
            "10.0.0.1, true",           // 10/8 private
            "10.255.255.255, true",
            "100.64.0.1, true",         // 100.64/10 carrier-grade NAT
            "100.127.255.255, true",
            "100.63.255.255, false",    // just below
            "100.128.0.0, false",       // just above
            "127.0.0.1, true",          // loopback
            "127.255.255.254, true",
            "169.254.169.254, true",    // link-local: the cloud metadata service
            "169.253.255.255, false",
            "172.16.0.1, true",         // 172.16/12 private
            "172.31.255.255, true",
            "172.15.255.255, false",
            "172.32.0.0, false",
            "192.0.0.8, true",          // 192.0.0/24 IETF protocol assignments
            "192.168.1.1, true",        // 192.168/16 private
            "192.169.0.1, false",
            "198.18.0.1, true",         // 198.18/15 benchmarking
            "198.19.255.255, true",
            "198.20.0.0, false",
            "224.0.0.1, true",          // multicast
            "239.255.255.250, true",
            "240.0.0.1, true",          // reserved
            "255.255.255.255, true",    // broadcast
            "8.8.8.8, false",           // public
            "1.1.1.1, false",
            "203.0.113.7, false",       // documentation range: not routed, harmless, allowed
            // IPv6
            "::, true",                 // unspecified
            "::1, true",                // loopback
            "::ffff:127.0.0.1, true",   // IPv4-mapped loopback
            "::ffff:10.1.2.3, true",    // IPv4-mapped private
            "::ffff:8.8.8.8, false",    // IPv4-mapped public
            "::10.0.0.1, true",         // IPv4-compatible (deprecated)
            "fe80::1, true",            // link-local
            "febf:ffff::1, true",
            "fec0::1, true",            // site-local (deprecated)
            "fc00::1, true",            // unique local fc00::/7
            "fd12:3456::1, true",
            "ff02::1, true",            // multicast
            "64:ff9b::a00:1, true",     // NAT64 of 10.0.0.1
            "64:ff9b::808:808, false",  // NAT64 of 8.8.8.8
            "2002:a00:1::1, true",      // 6to4 of 10.0.0.1
            "2002:808:808::1, false",   // 6to4 of 8.8.8.8
            "2001:4860:4860::8888, false", // public
            "2606:4700:4700::1111, false",
    })
    void blocked(String address, boolean blocked) throws Exception {
        assertThat(AudioUrlGuard.blocked(InetAddress.getByName(address))).isEqualTo(blocked);
    }

    @ParameterizedTest(name = "{0} refused at command time: {1}")
    @CsvSource({
            "http://127.0.0.1/a.mp3, true",
            "http://2130706433/a.mp3, true",        // one number, as the JDK's resolver reads it: 127.0.0.1
            "http://127.1/a.mp3, false",            // no host for java.net.URI: never fetched ("no host")
            "http://10.1/a.mp3, false",
            "http://169.254.169.254/latest/meta-data, true",
            "https://[::1]:8443/a.mp3, true",
            "https://[::ffff:192.168.0.10]/a.mp3, true",
            "https://[fe80::1%25eth0]/a.mp3, true",
            "http://0.0.0.0:8080/a.mp3, true",
            "http://8.8.8.8/a.mp3, false",
            "http://[2001:4860:4860::8888]/a.mp3, false",
            "http://example.com/a.mp3, false",      // a name: judged when fetched, after resolving it
            "http://localhost/a.mp3, false",        // a name too
            "http://1.2.3.4.5/a.mp3, false",        // no host for java.net.URI either
            "http://256.1.1.1/a.mp3, false",        // not an address either
    })
    void literalRefusal(String url, boolean refused) {
        assertThat(AudioUrlGuard.BLOCK_PRIVATE.literalRefusal(url) != null).isEqualTo(refused);
        assertThat(AudioUrlGuard.OFF.literalRefusal(url)).as("off by default: nothing refused").isNull();
    }
}
