package io.voicegather.server.devphone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * A small RFC 6455 WebSocket server on NIO, one thread for every connection: the JDK's HttpServer cannot switch
 * protocols. It serves one path; a handshake needs a valid console session cookie (else 401) and, from a browser,
 * the console's own origin (else 403), so another site's page cannot use a logged-in browser's phone.
 * Limits: {@link #MAX_CONNECTIONS} connections, messages up to {@link #MAX_MESSAGE_BYTES}; a peer that reads too
 * slowly loses binary messages past {@link #MAX_QUEUED_BYTES} queued (audio: late is as good as lost).
 */
final class WebSocketServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 64;
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_HANDSHAKE_BYTES = 8 * 1024;
    static final int MAX_QUEUED_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketServer.class);

    /** What a connection does with its messages; called on the server's one thread, must not block. */
    interface Listener {
        void onText(String text);

        void onBinary(byte[] data);

        /** Once, when the connection is gone for any reason. */
        void onClose();
    }

    private final String path;
    private final String cookieName;
    private final Predicate<String> validSession;
    private final IntSupplier originPort;
    private final java.util.function.Function<Connection, Listener> endpoint;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Queue<Connection> toFlush = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private int connections; // on the server's thread
    private volatile boolean closed;

    /**
     * @param cookieName   the session cookie; {@code validSession} says whether its value is a live session
     * @param originPort   the port of the pages allowed to connect (the console's)
     * @param endpoint     makes the listener of each new connection
     */
    WebSocketServer(InetAddress host, int port, String path, String cookieName, Predicate<String> validSession,
                    IntSupplier originPort, java.util.function.Function<Connection, Listener> endpoint)
            throws IOException {
        this.path = path;
        this.cookieName = cookieName;
        this.validSession = validSession;
        this.originPort = originPort;
        this.endpoint = endpoint;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(host, port));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            throw e;
        }
        thread = new Thread(this::run, "dev-phone-websocket");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                selector.select();
                for (Connection c; (c = toFlush.poll()) != null; ) {
                    c.flush();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        Connection c = (Connection) key.attachment();
                        if (key.isReadable()) {
                            c.read();
                        }
                        if (key.isValid() && key.isWritable()) {
                            c.flush();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.warn("dev phone WebSocket server stopped: {}", e.toString());
        } finally {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Connection c) {
                    c.drop();
                }
            }
            try {
                server.close();
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the dev phone WebSocket server: {}", e.toString());
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel = server.accept();
        if (channel == null) {
            return;
        }
        if (connections >= MAX_CONNECTIONS) {
            channel.close();
            return;
        }
        connections++;
        channel.configureBlocking(false);
        Connection c = new Connection(channel);
        c.key = channel.register(selector, SelectionKey.OP_READ, c);
    }

    /** One client. Its reading side runs on the server's thread; {@link #sendText}/{@link #sendBinary} on any. */
    final class Connection {
        private final SocketChannel channel;
        private SelectionKey key;
        private final ByteBuffer in = ByteBuffer.allocate(MAX_MESSAGE_BYTES + 14);
        private final Queue<ByteBuffer> out = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private Listener listener; // null until the handshake succeeded
        private java.io.ByteArrayOutputStream fragments; // a message arriving in pieces
        private int fragmentsOpcode;
        private volatile boolean closing;
        private boolean dropped;

        private Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void sendText(String text) {
            enqueue(WebSocketFrames.write(WebSocketFrames.TEXT, text.getBytes(StandardCharsets.UTF_8)), false);
        }

        /** The payload's remaining bytes, copied; dropped when the peer has too much unread already. */
        void sendBinary(ByteBuffer data) {
            enqueue(WebSocketFrames.write(WebSocketFrames.BINARY, data), true);
        }

        /** Sends a close frame, then closes once it is written. */
        void close(int code, String reason) {
            if (!closing) {
                enqueue(WebSocketFrames.write(WebSocketFrames.CLOSE, WebSocketFrames.closePayload(code, reason)), false);
                closing = true;
            }
        }

        private void enqueue(ByteBuffer frame, boolean droppable) {
            if (closing || droppable && queued.get() > MAX_QUEUED_BYTES) {
                return;
            }
            queued.addAndGet(frame.remaining());
            out.add(frame);
            toFlush.add(this);
            selector.wakeup();
        }

        private void read() {
            try {
                int n = channel.read(in);
                if (n < 0) {
                    drop();
                    return;
                }
                in.flip();
                try {
                    if (listener == null) {
                        handshake();
                    }
                    if (listener != null) {
                        frames();
                    }
                } finally {
                    in.compact();
                }
            } catch (IOException e) {
                drop();
            } catch (WebSocketFrames.ProtocolError e) {
                LOG.debug("dev phone WebSocket: {}", e.getMessage());
                close(e.closeCode, e.getMessage());
            }
        }

        private void handshake() throws IOException {
            String head = headOf(in);
            if (head == null) {
                if (in.remaining() >= MAX_HANDSHAKE_BYTES) {
                    refuse(431, "Request Header Fields Too Large");
                }
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim(), (a, b) -> a + "; " + b);
                }
            }
            if (requestLine.length != 3 || !requestLine[0].equals("GET")) {
                refuse(405, "Method Not Allowed");
            } else if (!requestLine[1].equals(path)) {
                refuse(404, "Not Found");
            } else if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))
                    || !headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade")
                    || headers.get("sec-websocket-key") == null) {
                refuse(400, "Bad Request");
            } else if (!"13".equals(headers.get("sec-websocket-version"))) {
                refuse(426, "Upgrade Required\r\nSec-WebSocket-Version: 13");
            } else if (!validSession.test(cookie(headers.get("cookie")))) {
                refuse(401, "Unauthorized");
            } else if (!sameOrigin(headers.get("origin"), headers.get("host"))) {
                refuse(403, "Forbidden");
            } else {
                String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + WebSocketFrames.acceptValue(headers.get("sec-websocket-key"))
                        + "\r\n\r\n";
                enqueue(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)), false);
                listener = endpoint.apply(this);
            }
        }

        private void refuse(int status, String reason) {
            String response = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            enqueue(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)), false);
            closing = true;
            in.position(in.limit()); // what follows the refused request is not read
        }

        private String cookie(String header) {
            if (header == null) {
                return null;
            }
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(cookieName + "=")) {
                    return p.substring(cookieName.length() + 1);
                }
            }
            return null;
        }

        /** A browser names the page's origin: it must be the console's (same host, the console's port). */
        private boolean sameOrigin(String origin, String host) {
            if (origin == null || host == null) {
                return false;
            }
            try {
                URI o = new URI(origin);
                URI h = new URI("http://" + host);
                return ("http".equals(o.getScheme()) || "https".equals(o.getScheme()))
                        && o.getHost() != null && o.getHost().equalsIgnoreCase(h.getHost())
                        && o.getPort() == originPort.getAsInt();
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private void frames() throws WebSocketFrames.ProtocolError {
            WebSocketFrames.Frame f;
            while (!closing && (f = WebSocketFrames.read(in, MAX_MESSAGE_BYTES)) != null) {
                switch (f.opcode()) {
                    case WebSocketFrames.PING -> enqueue(WebSocketFrames.write(WebSocketFrames.PONG, f.payload()), false);
                    case WebSocketFrames.PONG -> { }
                    case WebSocketFrames.CLOSE -> close(1000, "");
                    default -> message(f);
                }
            }
        }

        private void message(WebSocketFrames.Frame f) throws WebSocketFrames.ProtocolError {
            if (f.opcode() != WebSocketFrames.CONTINUATION) {
                if (fragments != null) {
                    throw new WebSocketFrames.ProtocolError(1002, "a new message before the last one ended");
                }
                if (f.fin()) {
                    deliver(f.opcode(), f.payload());
                    return;
                }
                fragments = new java.io.ByteArrayOutputStream();
                fragmentsOpcode = f.opcode();
            } else if (fragments == null) {
                throw new WebSocketFrames.ProtocolError(1002, "a continuation of no message");
            }
            fragments.writeBytes(f.payload());
            if (fragments.size() > MAX_MESSAGE_BYTES) {
                throw new WebSocketFrames.ProtocolError(1009, "message larger than " + MAX_MESSAGE_BYTES + " bytes");
            }
            if (f.fin()) {
                byte[] whole = fragments.toByteArray();
                fragments = null;
                deliver(fragmentsOpcode, whole);
            }
        }

        private void deliver(int opcode, byte[] payload) {
            if (opcode == WebSocketFrames.TEXT) {
                listener.onText(new String(payload, StandardCharsets.UTF_8));
            } else {
                listener.onBinary(payload);
            }
        }

        private void flush() {
            if (dropped) {
                return;
            }
            try {
                for (ByteBuffer b; (b = out.peek()) != null; ) {
                    int n = channel.write(b);
                    queued.addAndGet(-n);
                    if (b.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        return;
                    }
                    out.poll();
                }
                key.interestOps(SelectionKey.OP_READ);
                if (closing) {
                    drop();
                }
            } catch (IOException e) {
                drop();
            }
        }

        private void drop() {
            if (dropped) {
                return;
            }
            dropped = true;
            closing = true;
            connections--;
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a dev phone WebSocket: {}", e.toString());
            }
            if (listener != null) {
                listener.onClose();
            }
        }
    }

    /** The request head up to the blank line, consumed; null when it has not all arrived. */
    private static String headOf(ByteBuffer in) {
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                byte[] head = new byte[i - in.position()];
                in.get(head);
                in.position(i + 4);
                return new String(head, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }
}
