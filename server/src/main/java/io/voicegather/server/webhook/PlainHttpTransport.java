package io.voicegather.server.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends webhooks to plain {@code http} targets: HTTP/1.1 over non-blocking sockets, one thread
 * ({@code webhook-http}) running one selector for every connection. It does what a webhook needs and no more: one
 * request per connection at a time, connections to a target kept alive and reused (most recently used first, closed
 * after {@link #IDLE_MILLIS} unused or when the application closes them), the response read by
 * {@link ResponseReader}. The JDK's HttpClient does the same job with several thread hops and a few times the CPU
 * per request (docs/BENCHMARKS.md); it still sends to {@code https} targets ({@link JdkHttpTransport}).
 * <p>
 * A reused connection that fails before any byte of the response came (the application closed it while it was
 * idle) is not the application's answer: the request is sent once more on a new connection. The application may
 * then see it twice, which at-least-once delivery allows.
 * <p>
 * Time: each request has its timeout to its status line, and the same again to the end of its body; connecting is
 * inside the first. Deadlines are checked when the nearest one is due.
 * <p>
 * Threads: {@link #send} from any thread (it resolves the host name there, through the JVM's name cache, and
 * queues the request); everything else, the listener's calls included, on {@code webhook-http}. Memory: one read
 * buffer for all connections; per request, its bytes and a {@link ResponseReader}.
 */
final class PlainHttpTransport implements WebhookTransport, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlainHttpTransport.class);
    static final long IDLE_MILLIS = 30_000;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Exchange> submitted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> questions = new ConcurrentLinkedQueue<>(); // tests' only
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
    // the fields below belong to the webhook-http thread
    private final Map<String, ArrayDeque<Connection>> idle = new HashMap<>();
    private final Set<Connection> busy = new HashSet<>();
    private long nextCheck = Long.MAX_VALUE;
    private volatile boolean closed;

    PlainHttpTransport() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for webhooks", e);
        }
        this.thread = new Thread(this::run, "webhook-http");
        thread.setDaemon(true);
        thread.start();
    }

    /** Throws IllegalArgumentException when the URI has no host; the caller counts that a failed attempt. */
    @Override
    public void send(WebhookRequest request, Listener listener) {
        if (closed) {
            throw new IllegalStateException("webhook transport closed");
        }
        URI uri = request.uri();
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String target = host + ":" + port;
        InetSocketAddress address = new InetSocketAddress(host, port);
        Exchange e = new Exchange(target, address, ByteBuffer.wrap(encode(request, host, uri.getPort())),
                request.timeout().toNanos(), listener);
        submitted.add(e);
        selector.wakeup();
    }

    /** The request's bytes: request line, Host, the request's headers, Content-Length unless GET, the body. */
    static byte[] encode(WebhookRequest request, String host, int explicitPort) {
        URI uri = request.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder head = new StringBuilder(512).append(request.method()).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(host);
        if (explicitPort >= 0) {
            head.append(':').append(explicitPort);
        }
        head.append("\r\n");
        List<String> headers = request.headers();
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            String value = headers.get(i + 1);
            if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                    || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("line break in header " + name);
            }
            head.append(name).append(": ").append(value).append("\r\n");
        }
        boolean hasBody = !"GET".equals(request.method());
        if (hasBody) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (!hasBody) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + request.body().length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(request.body(), 0, all, headBytes.length, request.body().length);
        return all;
    }

    /** Idle connections now, over all targets (for tests). */
    int idleConnections() {
        int[] n = {0};
        runOnLoop(() -> idle.values().forEach(d -> n[0] += d.size()));
        return n[0];
    }

    private void runOnLoop(Runnable r) {
        CountDownLatch done = new CountDownLatch(1);
        questions.add(() -> {
            r.run();
            done.countDown();
        });
        selector.wakeup();
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                long now = System.nanoTime();
                long wait = nextCheck == Long.MAX_VALUE ? 0 : Math.max(1, (nextCheck - now) / 1_000_000 + 1);
                selector.select(wait);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    handle(key);
                }
                for (Exchange e = submitted.poll(); e != null && !closed; e = submitted.poll()) {
                    start(e);
                }
                for (Runnable q = questions.poll(); q != null; q = questions.poll()) {
                    q.run();
                }
                if (nextCheck != Long.MAX_VALUE && System.nanoTime() - nextCheck >= 0) {
                    checkDeadlines();
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                log.error("webhook HTTP loop stopped", e);
            }
        } catch (RuntimeException | Error e) {
            log.error("webhook HTTP loop stopped", e);
            throw e;
        } finally {
            closed = true; // later sends are refused rather than queued to a loop that has stopped
            shutDown();
        }
    }

    private void start(Exchange e) {
        if (e.address.isUnresolved()) {
            tell(() -> e.listener.failed(new UnknownHostException(e.address.getHostString())));
            return;
        }
        e.deadline = System.nanoTime() + e.timeoutNanos;
        nextCheck = Math.min(nextCheck, e.deadline);
        ArrayDeque<Connection> free = idle.get(e.target);
        Connection c = free == null ? null : free.pollFirst();
        if (c == null) {
            open(e);
            return;
        }
        c.exchange = e;
        busy.add(c);
        try {
            write(c);
        } catch (IOException ex) {
            fail(c, ex, true);
        }
    }

    private void open(Exchange e) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(e.target, channel);
            c.exchange = e;
            busy.add(c);
            boolean connected = channel.connect(e.address);
            c.key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, c);
            if (connected) {
                write(c);
            }
        } catch (IOException ex) {
            closeQuietly(channel);
            busy.removeIf(c -> c.exchange == e);
            tell(() -> e.listener.failed(ex));
        }
    }

    private void handle(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                if (c.channel.finishConnect()) {
                    write(c);
                }
                return;
            }
            if (key.isWritable()) {
                write(c);
            }
            if (key.isValid() && key.isReadable()) {
                read(c);
            }
        } catch (IOException ex) {
            fail(c, ex, true);
        } catch (ResponseReader.ProtocolException ex) {
            fail(c, ex, false);
        }
    }

    private void write(Connection c) throws IOException {
        ByteBuffer out = c.exchange.request;
        c.channel.write(out);
        c.key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Connection c) throws IOException, ResponseReader.ProtocolException {
        readBuffer.clear();
        int n = c.channel.read(readBuffer);
        Exchange e = c.exchange;
        if (e == null) {
            close(c); // an idle connection that the application closed (or wrote to, unasked)
            return;
        }
        if (n < 0) {
            if (!e.anyBytes) {
                fail(c, new IOException("connection closed before a response"), true);
                return;
            }
            e.reader.endOfInput();
            finish(c, false);
            return;
        }
        if (n == 0) {
            return;
        }
        e.anyBytes = true;
        readBuffer.flip();
        e.reader.read(readBuffer);
        if (!e.statusTold && e.reader.headersDone()) {
            e.statusTold = true;
            e.deadline = System.nanoTime() + e.timeoutNanos; // the body gets its own time
            tell(() -> e.listener.status(e.reader.status()));
        }
        if (e.reader.done()) {
            finish(c, e.reader.reusable() && !readBuffer.hasRemaining());
        }
    }

    /** The response is complete (or cut): the listener hears the excerpt, the connection is kept or closed. */
    private void finish(Connection c, boolean reuse) {
        Exchange e = c.exchange;
        c.exchange = null;
        busy.remove(c);
        if (reuse) {
            c.reused = true;
            c.idleSince = System.nanoTime();
            idle.computeIfAbsent(c.target, t -> new ArrayDeque<>()).addFirst(c);
            nextCheck = Math.min(nextCheck, c.idleSince + TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
        } else {
            close(c);
        }
        tell(() -> e.listener.answered(e.reader.excerpt()));
    }

    /**
     * The connection failed. With {@code stale} (a connection error, not a timeout or a malformed response), a
     * reused connection that brought no byte is replaced once; otherwise the request failed, or its body ended.
     */
    private void fail(Connection c, Exception error, boolean stale) {
        Exchange e = c.exchange;
        close(c);
        if (e == null) {
            return;
        }
        if (stale && c.reused && !e.anyBytes && !e.retried) {
            e.retried = true;
            e.request.rewind();
            open(e);
            return;
        }
        if (e.statusTold) {
            tell(() -> e.listener.answered(e.reader.excerpt()));
        } else {
            tell(() -> e.listener.failed(error));
        }
    }

    /** Runs a listener call; a listener that throws is logged, and the loop goes on for every other request. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ex) {
            log.error("webhook outcome listener failed", ex);
        }
    }

    private void close(Connection c) {
        busy.remove(c);
        if (c.exchange == null) {
            ArrayDeque<Connection> free = idle.get(c.target);
            if (free != null) {
                free.remove(c);
            }
        }
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
    }

    /** Ends the requests past their deadline and closes connections idle too long; finds the next deadline. */
    private void checkDeadlines() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        List<Connection> late = new ArrayList<>();
        for (Connection c : busy) {
            if (now - c.exchange.deadline >= 0) {
                late.add(c);
            } else {
                next = Math.min(next, c.exchange.deadline);
            }
        }
        for (Connection c : late) {
            fail(c, new HttpTimeoutException("request timed out"), false);
        }
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
        for (ArrayDeque<Connection> free : idle.values()) {
            for (Connection c = free.peekLast(); c != null && now - (c.idleSince + idleNanos) >= 0;
                 c = free.peekLast()) {
                close(c);
            }
            if (!free.isEmpty()) {
                next = Math.min(next, free.peekLast().idleSince + idleNanos);
            }
        }
        nextCheck = next;
    }

    private void shutDown() {
        for (Connection c : new ArrayList<>(busy)) {
            Exchange e = c.exchange;
            close(c);
            if (e != null && !e.statusTold) {
                tell(() -> e.listener.failed(new IOException("webhook transport closed")));
            } else if (e != null) {
                tell(() -> e.listener.answered(e.reader.excerpt()));
            }
        }
        idle.values().forEach(free -> free.forEach(c -> closeQuietly(c.channel)));
        idle.clear();
        for (Exchange queued = submitted.poll(); queued != null; queued = submitted.poll()) {
            Exchange e = queued;
            tell(() -> e.listener.failed(new IOException("webhook transport closed")));
        }
        questions.forEach(Runnable::run);
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing the webhook selector", e);
        }
    }

    /** Closes every connection; requests in progress fail. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a webhook connection", e);
        }
    }

    /** One request and its response. */
    private static final class Exchange {
        final String target;
        final InetSocketAddress address;
        final ByteBuffer request;
        final long timeoutNanos;
        final Listener listener;
        final ResponseReader reader = new ResponseReader();
        long deadline;
        boolean anyBytes;
        boolean statusTold;
        boolean retried;

        Exchange(String target, InetSocketAddress address, ByteBuffer request, long timeoutNanos, Listener listener) {
            this.target = target;
            this.address = address;
            this.request = request;
            this.timeoutNanos = timeoutNanos;
            this.listener = listener;
        }
    }

    /** A connection to one target; carries one exchange at a time. */
    private static final class Connection {
        final String target;
        final SocketChannel channel;
        SelectionKey key;
        Exchange exchange;
        boolean reused;
        long idleSince;

        Connection(String target, SocketChannel channel) {
            this.target = target;
            this.channel = channel;
        }
    }
}
