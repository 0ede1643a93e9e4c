package io.voicegather.conformance.javasdk;

import javax.ws.rs.client.ClientRequestContext;
import javax.ws.rs.client.ClientRequestFilter;
import javax.ws.rs.ext.WriterInterceptor;
import javax.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registered on the official SDK's own Jersey client, it records what the SDK really puts on the wire (the raw path
 * and the serialised body), so the test can show that the server accepted exactly that.
 */
final class SdkWireTap implements ClientRequestFilter, WriterInterceptor {
    record Sent(String method, String rawPath, String body) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final ThreadLocal<String[]> current = new ThreadLocal<>();

    @Override
    public void filter(ClientRequestContext request) {
        String[] pending = {request.getMethod(), request.getUri().getRawPath()};
        if (request.hasEntity()) {
            current.set(pending); // the body is recorded once it has been written
        } else {
            sent.add(new Sent(pending[0], pending[1], ""));
        }
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        OutputStream original = context.getOutputStream();
        context.setOutputStream(new FilterOutputStream(original) {
            @Override
            public void write(int b) throws IOException {
                copy.write(b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                copy.write(b, off, len);
                out.write(b, off, len);
            }
        });
        context.proceed();
        String[] pending = current.get();
        current.remove();
        sent.add(new Sent(pending == null ? "?" : pending[0], pending == null ? "?" : pending[1],
                copy.toString(StandardCharsets.UTF_8)));
    }

    /** The last request the SDK sent. */
    Sent last() {
        if (sent.isEmpty()) {
            throw new AssertionError("the SDK sent nothing");
        }
        return sent.get(sent.size() - 1);
    }
}
