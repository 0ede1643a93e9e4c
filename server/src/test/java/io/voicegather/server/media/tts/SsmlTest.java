package io.voicegather.server.media.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SsmlTest {

    /** Compact rendering of segments: text as-is, pauses as [ms]; joined by " | ". */
    static String show(List<SpeechSegment> segments) {
        List<String> parts = new ArrayList<>();
        for (SpeechSegment s : segments) {
            parts.add(s instanceof SpeechSegment.Text t ? t.text() : "[" + ((SpeechSegment.Pause) s).millis() + "]");
        }
        return String.join(" | ", parts);
    }

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                // speak and plain text
                Arguments.of("<speak>Press one for sales.</speak>", "Press one for sales."),
                Arguments.of("<speak>  Press   one\n\tfor sales. </speak>", "Press one for sales."),
                Arguments.of("<speak></speak>", ""),
                Arguments.of("<speak/>", ""),
                Arguments.of("<?xml version=\"1.0\" encoding=\"UTF-8\"?><speak>Hi</speak>", "Hi"),
                Arguments.of("<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"en-US\">"
                        + "Hi</speak>", "Hi"),
                // break: time, strength, default, clamping, adding up, edges
                Arguments.of("<speak>A<break time=\"500ms\"/>B</speak>", "A | [500] | B"),
                Arguments.of("<speak>A<break time=\"2s\"/>B</speak>", "A | [2000] | B"),
                Arguments.of("<speak>A<break time=\"1.5s\"/>B</speak>", "A | [1500] | B"),
                Arguments.of("<speak>A<break time=\" 250 MS \"/>B</speak>", "A | [250] | B"),
                Arguments.of("<speak>A<break time=\"60s\"/>B</speak>", "A | [10000] | B"),
                Arguments.of("<speak>A<break time=\"0ms\"/>B</speak>", "A B"),
                Arguments.of("<speak>A<break/>B</speak>", "A | [400] | B"),
                Arguments.of("<speak>A<break strength=\"none\"/>B</speak>", "A B"),
                Arguments.of("<speak>A<break strength=\"x-weak\"/>B</speak>", "A | [100] | B"),
                Arguments.of("<speak>A<break strength=\"weak\"/>B</speak>", "A | [250] | B"),
                Arguments.of("<speak>A<break strength=\"medium\"/>B</speak>", "A | [400] | B"),
                Arguments.of("<speak>A<break strength=\"strong\"/>B</speak>", "A | [700] | B"),
                Arguments.of("<speak>A<break strength=\"x-strong\"/>B</speak>", "A | [1200] | B"),
                Arguments.of("<speak>A<break time=\"300ms\" strength=\"x-strong\"/>B</speak>", "A | [300] | B"),
                Arguments.of("<speak>A<break time=\"300ms\"/> <break time=\"200ms\"/>B</speak>", "A | [500] | B"),
                Arguments.of("<speak><break time=\"1s\"/>A<break time=\"1s\"/></speak>", "[1000] | A | [1000]"),
                // say-as
                Arguments.of("<speak>Code <say-as interpret-as=\"digits\">1234</say-as>.</speak>",
                        "Code 1 2 3 4."),
                Arguments.of("<speak><say-as interpret-as=\"digits\">12-34#</say-as></speak>", "1 2 3 4 pound"),
                Arguments.of("<speak><say-as interpret-as=\"characters\">ab1*</say-as></speak>", "A B 1 star"),
                Arguments.of("<speak><say-as interpret-as=\"spell-out\">id@x.io</say-as></speak>",
                        "I D at X dot I O"),
                Arguments.of("<speak><say-as interpret-as=\"telephone\">5551234567</say-as></speak>",
                        "5 5 5 | [300] | 1 2 3 | [300] | 4 5 6 7"),
                Arguments.of("<speak><say-as interpret-as=\"telephone\">18005551234</say-as></speak>",
                        "1 | [300] | 8 0 0 | [300] | 5 5 5 | [300] | 1 2 3 4"),
                Arguments.of("<speak><say-as interpret-as=\"telephone\">+44 20 7946 0958</say-as></speak>",
                        "plus 4 4 | [300] | 2 0 | [300] | 7 9 4 6 | [300] | 0 9 5 8"),
                Arguments.of("<speak><say-as interpret-as=\"telephone\">(555) 123-4567</say-as></speak>",
                        "5 5 5 | [300] | 1 2 3 | [300] | 4 5 6 7"),
                Arguments.of("<speak><say-as interpret-as=\"cardinal\">1234</say-as></speak>", "1234"),
                Arguments.of("<speak><say-as interpret-as=\"date\" format=\"mdy\">12/25/2026</say-as></speak>",
                        "12/25/2026"),
                Arguments.of("<speak><say-as interpret-as=\"digits\">1<emphasis>2</emphasis>3</say-as></speak>",
                        "1 2 3"),
                // p and s
                Arguments.of("<speak><p>One.</p><p>Two.</p></speak>", "One. | [600] | Two."),
                Arguments.of("<speak><s>One</s><s>Two</s></speak>", "One | [300] | Two"),
                Arguments.of("<speak><p><s>One</s><s>Two</s></p><p>Three</p></speak>",
                        "One | [300] | Two | [600] | Three"),
                Arguments.of("<speak><p>One</p><break time=\"100ms\"/><p>Two</p></speak>", "One | [700] | Two"),
                // inline elements: their text only
                Arguments.of("<speak><prosody rate=\"slow\" pitch=\"+10%\">Slow</prosody> down</speak>",
                        "Slow down"),
                Arguments.of("<speak>It is <emphasis level=\"strong\">very</emphasis>good</speak>",
                        "It is verygood"),
                Arguments.of("<speak><sub alias=\"World Wide Web Consortium\">W3C</sub> rules</speak>",
                        "World Wide Web Consortium rules"),
                Arguments.of("<speak><sub>W3C</sub></speak>", "W3C"),
                Arguments.of("<speak><phoneme alphabet=\"ipa\" ph=\"təˈmeɪtoʊ\">tomato</phoneme></speak>",
                        "tomato"),
                Arguments.of("<speak><lang xml:lang=\"fr-FR\">Bonjour</lang> <voice name=\"x\">there</voice></speak>",
                        "Bonjour there"),
                Arguments.of("<speak><amazon:effect name=\"whispered\">quiet</amazon:effect> please</speak>",
                        "quiet please"),
                Arguments.of("<speak><mstts:express-as style=\"cheerful\">Hello</mstts:express-as></speak>", "Hello"),
                Arguments.of("<speak><foo bar=\"1\">unknown <baz>tags</baz></foo> are text</speak>",
                        "unknown tags are text"),
                Arguments.of("<speak><audio src=\"https://x/y.wav\">fallback<desc>a bell</desc></audio></speak>",
                        "fallback"),
                Arguments.of("<speak>A<mark name=\"m1\"/>B</speak>", "AB"),
                // entities, CDATA, comments
                Arguments.of("<speak>Tom &amp; Jerry &lt;3 &gt; &quot;x&quot; &apos;y&apos;</speak>",
                        "Tom & Jerry <3 > \"x\" 'y'"),
                Arguments.of("<speak>caf&#233; &#x263A;</speak>", "café ☺"),
                Arguments.of("<speak>Tom & Jerry</speak>", "Tom & Jerry"),
                Arguments.of("<speak><![CDATA[a < b & c]]></speak>", "a < b & c"),
                Arguments.of("<speak><![CDATA[&amp;]]></speak>", "&amp;"),
                Arguments.of("<speak>one<!-- not spoken --> two</speak>", "one two"),
                // tolerated: no speak root
                Arguments.of("Hello <break time=\"1s\"/> world", "Hello | [1000] | world"),
                Arguments.of("just text", "just text"),
                Arguments.of("<p>One</p><p>Two</p>", "One | [600] | Two"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void parsesToSegments(String ssml, String expected) {
        assertThat(show(Ssml.parseSsml(ssml))).isEqualTo(expected);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("<speak>unclosed", "not well-formed"),
                Arguments.of("<speak><p>mismatched</s></speak>", "not well-formed"),
                Arguments.of("<speak><break time=500ms/></speak>", "not well-formed"),
                Arguments.of("<speak>&nbsp;</speak>", "not well-formed"),
                Arguments.of("<speak>a</speak>trailing", "not well-formed"),
                Arguments.of("<speak>a</speak><speak>b</speak>", "not well-formed"),
                Arguments.of("<speak><break time=\"soon\"/></speak>", "<break time=\"soon\">"),
                Arguments.of("<speak><break time=\"-1s\"/></speak>", "<break time=\"-1s\">"),
                Arguments.of("<speak><break strength=\"loud\"/></speak>", "<break strength=\"loud\">"),
                Arguments.of("<!DOCTYPE speak [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><speak>&x;</speak>",
                        "DOCTYPE"),
                Arguments.of("<?xml version=\"1.0\"?><!doctype speak><speak>x</speak>", "DOCTYPE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String ssml, String messagePart) {
        assertThatThrownBy(() -> Ssml.parseSsml(ssml))
                .isInstanceOf(SsmlException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void externalEntitiesAreNeverRead() {
        // a DOCTYPE is refused outright, so no file content can ever leak into a prompt
        assertThatThrownBy(() -> Ssml.parseSsml(
                "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><speak>&e;</speak>"))
                .isInstanceOf(SsmlException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void malformedMessageSaysWhere() {
        assertThatThrownBy(() -> Ssml.parseSsml("<speak>\n<p>x</s></speak>"))
                .hasMessageContaining("line 2");
    }

    @Test
    void plainTextIsNotInterpreted() {
        assertThat(show(Ssml.parse("  <speak>Hi &amp;</speak>  ", PayloadType.TEXT)))
                .isEqualTo("<speak>Hi &amp;</speak>");
        assertThat(Ssml.parse("   ", PayloadType.TEXT)).isEmpty();
        assertThat(show(Ssml.parse("<speak>Hi</speak>", PayloadType.SSML))).isEqualTo("Hi");
    }

    @Test
    void payloadTypeWireValues() {
        assertThat(PayloadType.fromWire(null)).isEqualTo(PayloadType.TEXT);
        assertThat(PayloadType.fromWire("text")).isEqualTo(PayloadType.TEXT);
        assertThat(PayloadType.fromWire("ssml")).isEqualTo(PayloadType.SSML);
        assertThatThrownBy(() -> PayloadType.fromWire("SSML")).isInstanceOf(IllegalArgumentException.class);
    }
}
