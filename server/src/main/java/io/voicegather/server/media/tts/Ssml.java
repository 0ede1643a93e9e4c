package io.voicegather.server.media.tts;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns a speak payload into {@link SpeechSegment}s. The JDK's SAX parser does the XML work with DTDs and external
 * entities forbidden, so a payload can never make the server read a file or the network.
 *
 * <p>Honoured: {@code <speak>}, {@code <break time strength>}, {@code <say-as interpret-as>} (digits, characters /
 * spell-out, telephone; others spoken as written), {@code <p>} and {@code <s>} (pauses around them),
 * {@code <sub alias>} (the alias is spoken). Every other element ({@code <prosody>}, {@code <emphasis>},
 * {@code <phoneme>}, {@code <lang>}, {@code <voice>}, {@code <audio>}, vendor tags such as {@code amazon:effect}...)
 * contributes its text content, never its markup; {@code <desc>}, {@code <mark>} and {@code <lexicon>} say nothing.
 *
 * <p>Tolerated: a payload without a {@code <speak>} root (it is wrapped), an XML declaration, a bare {@code &}
 * that does not start an entity (read as a literal ampersand), undeclared namespace prefixes. Rejected with
 * {@link SsmlException}: any DOCTYPE (even inside CDATA), anything that is not well-formed XML after that
 * (unclosed or mismatched tags, unquoted attributes, an undefined entity such as {@code &nbsp;}, text after the
 * root), and a {@code <break>} whose {@code time} or {@code strength} cannot be read.
 *
 * <p>Thread-safe (stateless).
 */
public final class Ssml {

    /** Pause for each {@code <break strength>}; {@code medium} is also the pause of a bare {@code <break/>}. */
    public static final int X_WEAK_MS = 100;
    public static final int WEAK_MS = 250;
    public static final int MEDIUM_MS = 400;
    public static final int STRONG_MS = 700;
    public static final int X_STRONG_MS = 1200;
    /** Pause placed around a {@code <p>} and a {@code <s>}. */
    public static final int PARAGRAPH_MS = 600;
    public static final int SENTENCE_MS = 300;
    /** Pause between the groups of a {@code say-as telephone} number. */
    public static final int PHONE_GROUP_MS = 300;
    /** Longest single break, as in the big cloud engines; longer values are clamped. */
    public static final int MAX_BREAK_MS = 10_000;

    private static final Pattern SPEAK_ROOT = Pattern.compile("\\A\\s*<speak[\\s>/]");
    private static final Pattern XML_DECLARATION = Pattern.compile("\\A\\s*<\\?xml[^>]*\\?>");
    private static final Pattern BARE_AMPERSAND =
            Pattern.compile("&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][A-Za-z0-9._-]*);)");
    private static final Pattern CDATA = Pattern.compile("<!\\[CDATA\\[.*?]]>", Pattern.DOTALL);
    private static final Pattern BREAK_TIME = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s)");
    private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Ssml() {
    }

    /** Parses {@code payload} as plain text or SSML according to {@code type}. */
    public static List<SpeechSegment> parse(String payload, PayloadType type) {
        return type == PayloadType.SSML ? parseSsml(payload) : plainText(payload);
    }

    /** Plain text: one segment with whitespace collapsed (none if blank). Markup is not interpreted. */
    public static List<SpeechSegment> plainText(String text) {
        String collapsed = collapse(text == null ? "" : text);
        return collapsed.isEmpty() ? List.of() : List.of(new SpeechSegment.Text(collapsed));
    }

    /** Parses an SSML document (see the class comment for what is honoured and tolerated). */
    public static List<SpeechSegment> parseSsml(String ssml) {
        if (ssml == null) {
            throw new SsmlException("SSML payload is missing");
        }
        if (DOCTYPE.matcher(ssml).find()) {
            throw new SsmlException("SSML must not contain a DOCTYPE (DTDs and entity declarations are refused)");
        }
        String document = escapeBareAmpersands(ensureSpeakRoot(ssml));
        Handler handler = new Handler();
        try {
            newParser().parse(new InputSource(new StringReader(document)), handler);
        } catch (SAXParseException e) {
            throw new SsmlException("SSML is not well-formed (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + e.getMessage(), e);
        } catch (SsmlException e) {
            throw e;
        } catch (SAXException | IOException e) {
            throw new SsmlException("SSML could not be read: " + e.getMessage(), e);
        }
        return handler.out.finish();
    }

    private static String ensureSpeakRoot(String ssml) {
        String body = ssml;
        Matcher declaration = XML_DECLARATION.matcher(body);
        if (declaration.find()) {
            body = body.substring(declaration.end());
        }
        return SPEAK_ROOT.matcher(body).find() ? body : "<speak>" + body + "</speak>";
    }

    /** A lone {@code &} (e.g. "Tom & Jerry") becomes {@code &amp;}; CDATA sections are left alone. */
    private static String escapeBareAmpersands(String document) {
        if (document.indexOf('&') < 0) {
            return document;
        }
        StringBuilder out = new StringBuilder(document.length() + 16);
        Matcher cdata = CDATA.matcher(document);
        int from = 0;
        while (cdata.find()) {
            out.append(BARE_AMPERSAND.matcher(document.substring(from, cdata.start())).replaceAll("&amp;"));
            out.append(cdata.group());
            from = cdata.end();
        }
        out.append(BARE_AMPERSAND.matcher(document.substring(from)).replaceAll("&amp;"));
        return out.toString();
    }

    private static SAXParser newParser() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newSAXParser();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be configured safely", e);
        }
    }

    static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /** Milliseconds for a {@code <break>}; time wins over strength, no attribute means medium. */
    static int breakMillis(String time, String strength) {
        if (time != null) {
            Matcher m = BREAK_TIME.matcher(time.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new SsmlException("<break time=\"" + time + "\"> is not a duration such as 500ms or 2s");
            }
            double value = Double.parseDouble(m.group(1));
            double millis = m.group(2).equals("s") ? value * 1000 : value;
            return (int) Math.min(MAX_BREAK_MS, Math.round(millis));
        }
        if (strength == null) {
            return MEDIUM_MS;
        }
        return switch (strength.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> 0;
            case "x-weak" -> X_WEAK_MS;
            case "weak" -> WEAK_MS;
            case "medium" -> MEDIUM_MS;
            case "strong" -> STRONG_MS;
            case "x-strong" -> X_STRONG_MS;
            default -> throw new SsmlException("<break strength=\"" + strength
                    + "\"> must be none, x-weak, weak, medium, strong or x-strong");
        };
    }

    /** The words a {@code say-as} element stands for, as text and pauses appended to {@code out}. */
    static void sayAs(String interpretAs, String content, SegmentBuilder out) {
        String kind = interpretAs == null ? "" : interpretAs.strip().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "digits", "digit" -> out.text(spell(content, true));
            case "characters", "spell-out", "letters" -> out.text(spell(content, false));
            case "telephone", "phone" -> telephone(content, out);
            default -> out.text(content);
        }
    }

    /** One word per character: "1234" → "1 2 3 4"; digits-only mode drops everything but digits, # and *. */
    private static String spell(String content, boolean digitsOnly) {
        StringBuilder words = new StringBuilder();
        content.codePoints().forEach(cp -> {
            String word = characterWord(cp, digitsOnly);
            if (word != null) {
                if (words.length() > 0) {
                    words.append(' ');
                }
                words.append(word);
            }
        });
        return words.toString();
    }

    private static String characterWord(int cp, boolean digitsOnly) {
        if (Character.isDigit(cp)) {
            return String.valueOf(Character.getNumericValue(cp));
        }
        switch (cp) {
            case '#': return "pound";
            case '*': return "star";
            default: break;
        }
        if (digitsOnly) {
            return null;
        }
        if (Character.isLetter(cp)) {
            return new String(Character.toChars(Character.toUpperCase(cp)));
        }
        return switch (cp) {
            case '+' -> "plus";
            case '@' -> "at";
            case '.' -> "dot";
            case '-' -> "dash";
            case '_' -> "underscore";
            case '/' -> "slash";
            default -> null;
        };
    }

    /**
     * A phone number in groups with a pause between: written separators are kept ("(555) 123-4567"), an unbroken
     * run of digits is grouped the North American way (3-3-4, with a leading country code 1) or in threes.
     */
    private static void telephone(String content, SegmentBuilder out) {
        List<String> groups = new ArrayList<>();
        boolean plus = content.strip().startsWith("+");
        for (String part : content.split("[^0-9A-Za-z#*]+")) {
            if (!part.isEmpty()) {
                groups.add(part);
            }
        }
        if (groups.size() == 1 && groups.get(0).chars().allMatch(Character::isDigit)) {
            groups = groupDigits(groups.get(0));
        }
        boolean first = true;
        for (String group : groups) {
            if (!first) {
                out.pause(PHONE_GROUP_MS, true);
            }
            String words = spell(group, false);
            out.text(first && plus ? "plus " + words : words);
            first = false;
        }
    }

    private static List<String> groupDigits(String digits) {
        List<String> groups = new ArrayList<>();
        String rest = digits;
        if (rest.length() == 11 && rest.charAt(0) == '1') {
            groups.add("1");
            rest = rest.substring(1);
        }
        if (rest.length() == 10) {
            groups.add(rest.substring(0, 3));
            groups.add(rest.substring(3, 6));
            groups.add(rest.substring(6));
        } else if (rest.length() == 7) {
            groups.add(rest.substring(0, 3));
            groups.add(rest.substring(3));
        } else {
            int i = 0;
            while (rest.length() - i > 4) {
                groups.add(rest.substring(i, i + 3));
                i += 3;
            }
            groups.add(rest.substring(i));
        }
        return groups;
    }

    /**
     * Collects segments: text is buffered and flushed at each pause; explicit breaks next to each other add up,
     * structural pauses (around p and s) only ensure a minimum and are dropped at the very start and end.
     */
    static final class SegmentBuilder {
        private final List<SpeechSegment> segments = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private int pendingPause;
        private boolean pendingExplicit;

        void text(String words) {
            if (words.isBlank()) {
                return;
            }
            flushPause();
            if (text.length() > 0 && !Character.isWhitespace(text.charAt(text.length() - 1))) {
                text.append(' ');
            }
            text.append(words);
        }

        /** Raw character data: appended as-is so that "<emphasis>very</emphasis>good" stays one word. */
        void characters(char[] ch, int start, int length) {
            boolean blank = true;
            for (int i = start; i < start + length; i++) {
                if (!Character.isWhitespace(ch[i])) {
                    blank = false;
                    break;
                }
            }
            if (blank) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                return;
            }
            flushPause();
            text.append(ch, start, length);
        }

        void pause(int millis, boolean explicit) {
            if (millis <= 0) {
                if (text.length() > 0) {
                    text.append(' '); // <break strength="none"/> still separates words
                }
                return;
            }
            flushText();
            if (segments.isEmpty() && pendingPause == 0 && !explicit) {
                return;
            }
            pendingPause = explicit ? pendingPause + millis : Math.max(pendingPause, millis);
            pendingExplicit |= explicit;
        }

        private void flushText() {
            String words = collapse(text.toString());
            text.setLength(0);
            if (!words.isEmpty()) {
                segments.add(new SpeechSegment.Text(words));
            }
        }

        private void flushPause() {
            if (pendingPause > 0) {
                flushText();
                segments.add(new SpeechSegment.Pause(Math.min(pendingPause, MAX_BREAK_MS)));
            }
            pendingPause = 0;
            pendingExplicit = false;
        }

        List<SpeechSegment> finish() {
            flushText();
            if (pendingExplicit) {
                segments.add(new SpeechSegment.Pause(Math.min(pendingPause, MAX_BREAK_MS)));
            }
            pendingPause = 0;
            return List.copyOf(segments);
        }
    }

    /** SAX callbacks; elements that rewrite their content (say-as, sub) capture it until they close. */
    private static final class Handler extends DefaultHandler {
        final SegmentBuilder out = new SegmentBuilder();
        private Capture capture;
        private int depthInCapture;
        private int silentDepth;

        private record Capture(String element, String interpretAs, String alias, StringBuilder content) {
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            String name = localNameOf(qName);
            if (silentDepth > 0 || isSilent(name)) {
                silentDepth++;
                return;
            }
            if (capture != null) {
                depthInCapture++; // markup inside say-as or sub: only its text counts
                return;
            }
            switch (name) {
                case "break" -> out.pause(breakMillis(attributes.getValue("time"), attributes.getValue("strength")),
                        true);
                case "p" -> out.pause(PARAGRAPH_MS, false);
                case "s" -> out.pause(SENTENCE_MS, false);
                case "say-as" -> capture = new Capture(name, attributes.getValue("interpret-as"), null,
                        new StringBuilder());
                case "sub" -> capture = new Capture(name, null, attributes.getValue("alias"), new StringBuilder());
                default -> {
                    // speak, prosody, emphasis, phoneme, unknown tags: their text flows through
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            String name = localNameOf(qName);
            if (silentDepth > 0) {
                silentDepth--;
                return;
            }
            if (capture != null) {
                if (depthInCapture > 0) {
                    depthInCapture--;
                    capture.content().append(' ');
                    return;
                }
                String content = collapse(capture.content().toString());
                if (capture.element().equals("sub")) {
                    String alias = capture.alias();
                    out.text(alias != null && !alias.isBlank() ? collapse(alias) : content);
                } else {
                    sayAs(capture.interpretAs(), content, out);
                }
                capture = null;
                return;
            }
            switch (name) {
                case "p" -> out.pause(PARAGRAPH_MS, false);
                case "s" -> out.pause(SENTENCE_MS, false);
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (silentDepth > 0) {
                return;
            }
            if (capture != null) {
                capture.content().append(ch, start, length);
                return;
            }
            out.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) {
            characters(ch, start, length);
        }

        private static boolean isSilent(String name) {
            return name.equals("desc") || name.equals("mark") || name.equals("lexicon") || name.equals("metadata")
                    || name.equals("meta");
        }

        private static String localNameOf(String qName) {
            int colon = qName.indexOf(':');
            return (colon >= 0 ? qName.substring(colon + 1) : qName).toLowerCase(Locale.ROOT);
        }
    }
}
