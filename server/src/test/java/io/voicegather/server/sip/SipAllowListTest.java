package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --sip-allow: which sources a list lets in (one row each), and the lists it refuses to read. */
class SipAllowListTest {
    @ParameterizedTest(name = "[{0}] allows {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "''                          | 203.0.113.9     | true",
            "''                          | 2001:db8::1     | true",
            "127.0.0.1/32                | 127.0.0.1       | true",
            "127.0.0.1/32                | 127.0.0.2       | false",
            "127.0.0.1                   | 127.0.0.1       | true",
            "127.0.0.1                   | 127.0.0.3       | false",
            "10.0.0.0/8                  | 10.255.1.2      | true",
            "10.0.0.0/8                  | 11.0.0.1        | false",
            "10.1.2.3/8                  | 10.9.9.9        | true",
            "192.168.1.128/25            | 192.168.1.200   | true",
            "192.168.1.128/25            | 192.168.1.127   | false",
            "172.16.0.0/12               | 172.31.255.255  | true",
            "172.16.0.0/12               | 172.32.0.0      | false",
            "0.0.0.0/0                   | 198.51.100.7    | true",
            "0.0.0.0/0                   | 2001:db8::1     | false",
            "2001:db8::/32               | 2001:db8:ffff::1| true",
            "2001:db8::/32               | 2001:db9::1     | false",
            "2001:db8::/32               | 10.0.0.1        | false",
            "::1                         | ::1             | true",
            "::/0                        | fe80::1         | true",
            "10.0.0.0/8, 2001:db8::/32   | 2001:db8::5     | true",
            "10.0.0.0/8, 2001:db8::/32   | 10.0.0.5        | true",
            "10.0.0.0/8, 2001:db8::/32   | 192.0.2.1       | false",
            "' 10.0.0.1 ,, 10.0.0.2 '    | 10.0.0.2        | true",
            "::ffff:10.0.0.1             | 10.0.0.1        | true",
    })
    void allows(String list, String source, boolean allowed) throws Exception {
        assertThat(SipAllowList.parse(list).allows(InetAddress.getByName(source))).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "[{0}] is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "example.com          | is not an IPv4 or IPv6 address block",
            "10.0.0               | is not an IPv4 or IPv6 address block",
            "10.0.0.0/33          | the prefix length must be 0-32",
            "2001:db8::/129       | the prefix length must be 0-128",
            "10.0.0.0/            | has no prefix length",
            "10.0.0.0/-1          | has no prefix length",
            "10.0.0.0/8x          | has no prefix length",
            "/8                   | is not an IPv4 or IPv6 address block",
            "256.0.0.1            | is not an IPv4 or IPv6 address block",
            "fe80::1%eth0         | is not an IPv4 or IPv6 address block",
            "10.0.0.0/8, nonsense | 'nonsense' is not",
    })
    void refuses(String list, String message) {
        assertThatThrownBy(() -> SipAllowList.parse(list)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
