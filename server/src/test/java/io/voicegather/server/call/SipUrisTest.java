package io.voicegather.server.call;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SipUrisTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sip:+15550001111@10.0.0.1:5060|+15550001111",
            "<sip:alice@example.com;transport=tcp>|alice",
            "\"Alice\" <sip:alice@example.com>|alice",
            "sip:1000;user=phone@127.0.0.1|1000",
            "sips:bob@host|bob",
            "sip:127.0.0.1:5070|127.0.0.1",
            "tel:+15550002222|+15550002222",
    })
    void userPart(String uri, String expected) {
        assertThat(SipUris.user(uri)).isEqualTo(expected);
    }
}
