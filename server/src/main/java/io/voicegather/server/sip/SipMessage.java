package io.voicegather.server.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A SIP request or response: start line, ordered headers, body. Not thread-safe; owned by the SIP loop. */
public final class SipMessage {
    private static final byte[] EMPTY = new byte[0];

    private final String method;
    private final String requestUri;
    private final int statusCode;
    private final String reasonPhrase;
    private final SipHeaders headers = new SipHeaders();
    private byte[] body = EMPTY;

    private SipMessage(String method, String requestUri, int statusCode, String reasonPhrase) {
        this.method = method;
        this.requestUri = requestUri;
        this.statusCode = statusCode;
        this.reasonPhrase = reasonPhrase;
    }

    public static SipMessage request(String method, String requestUri) {
        return new SipMessage(method, requestUri, 0, null);
    }

    public static SipMessage response(int statusCode, String reasonPhrase) {
        return new SipMessage(null, null, statusCode, reasonPhrase);
    }

    public boolean isRequest() {
        return method != null;
    }

    /** The request method, or null for a response. */
    public String method() {
        return method;
    }

    public String requestUri() {
        return requestUri;
    }

    /** The status code, or 0 for a request. */
    public int statusCode() {
        return statusCode;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }

    public SipHeaders headers() {
        return headers;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public List<String> headerValues(String name) {
        return headers.getAll(name);
    }

    public SipMessage addHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public SipMessage setHeader(String name, String value) {
        headers.set(name, value);
        return this;
    }

    public byte[] body() {
        return body;
    }

    /** The body as UTF-8 text, or null when empty. */
    public String bodyText() {
        return body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }

    public SipMessage setBody(byte[] body) {
        this.body = body == null ? EMPTY : body;
        return this;
    }

    /** Sets the body and its Content-Type (null text clears both). */
    public SipMessage setBody(String contentType, String text) {
        if (text == null) {
            this.body = EMPTY;
            headers.remove("Content-Type");
        } else {
            this.body = text.getBytes(StandardCharsets.UTF_8);
            headers.set("Content-Type", contentType);
        }
        return this;
    }

    public String callId() {
        return headers.get("Call-ID");
    }

    /** The top-most Via value (multi-value lines are split when parsed). */
    public String topVia() {
        return headers.get("Via");
    }

    /** The CSeq header parsed, or null when missing or malformed. */
    public CSeq cseq() {
        return CSeq.parse(headers.get("CSeq"));
    }

    /** Serialises with a correct Content-Length (any stored one is replaced). */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(512);
        if (isRequest()) {
            sb.append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n");
        } else {
            sb.append("SIP/2.0 ").append(statusCode).append(' ').append(reasonPhrase).append("\r\n");
        }
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.nameAt(i);
            if (!name.equalsIgnoreCase("Content-Length")) {
                sb.append(name).append(": ").append(headers.valueAt(i)).append("\r\n");
            }
        }
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (body.length == 0) {
            return head;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length);
        out.writeBytes(head);
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    /** A parsed CSeq header. */
    public record CSeq(long number, String method) {
        /** Parses "123 INVITE"; null when malformed. */
        public static CSeq parse(String value) {
            if (value == null) {
                return null;
            }
            String v = value.trim();
            int sp = v.indexOf(' ');
            if (sp <= 0) {
                return null;
            }
            String num = v.substring(0, sp);
            String m = v.substring(sp + 1).trim();
            if (num.length() > 10 || m.isEmpty() || !SipParser.isToken(m)) {
                return null;
            }
            for (int i = 0; i < num.length(); i++) {
                if (num.charAt(i) < '0' || num.charAt(i) > '9') {
                    return null;
                }
            }
            long n = Long.parseLong(num);
            return n > 0xFFFFFFFFL ? null : new CSeq(n, m);
        }

        @Override
        public String toString() {
            return number + " " + method;
        }
    }
}
