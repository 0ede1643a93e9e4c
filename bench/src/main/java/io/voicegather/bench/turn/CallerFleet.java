package io.voicegather.bench.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * All simulated callers on one loopback UDP socket: one sender thread sends each caller's 20 ms PCMU packet on an
 * absolute 20 ms schedule (speech clip or tagged silence), one receiver thread reads every call's RTP from the server
 * and tells the calls apart by the server's source port. The SDP offers all name this socket, so the server sends
 * (and latches) to it.
 */
final class CallerFleet implements AutoCloseable {
    static final long PACKET_NANOS = 20_000_000L;
    private static final int HEADER = 12;
    /** A turn with no reply within this time is counted as failed and the caller talks again. */
    private static final long REPLY_TIMEOUT_NANOS = 15_000_000_000L;
    /** The caller starts talking again this long after the reply has played out. */
    private static final long PAUSE_AFTER_REPLY_NANOS = 400_000_000L;

    private final DatagramChannel channel;
    private final List<Caller> callers;
    private final int replyPieces;
    private final long pieceGapNanos;
    private final Caller[] byServerPort = new Caller[65536];
    private final byte[][] speech;
    private final int endFrames;
    private final int warmupTurns;
    private final Queue<Turn> measured = new ConcurrentLinkedQueue<>();
    private final AtomicLong failedTurns = new AtomicLong();
    private final AtomicLong lateSenderTicks = new AtomicLong();
    private final Random random = new Random(7);
    private volatile boolean running = true;
    private Thread sender;
    private Thread receiver;

    /**
     * @param speech     the utterance, one PCMU payload per packet
     * @param endFrames  the VAD's end hangover in packets: the silent packet of that number completes the utterance
     * @param warmupTurns turns per caller left out of the figures (first-turn cache miss, JIT)
     * @param replyPieces  the pieces a reply is spoken in: the caller waits this many times the first piece's length
     * @param pieceGapNanos added per later piece (its render may outlast the piece before), so the caller hears the
     *                     whole reply before talking again
     */
    CallerFleet(List<Caller> callers, byte[][] speech, int endFrames, int warmupTurns, int replyPieces,
                long pieceGapNanos) throws IOException {
        this.callers = callers;
        this.replyPieces = replyPieces;
        this.pieceGapNanos = pieceGapNanos;
        this.speech = speech;
        this.endFrames = endFrames;
        this.warmupTurns = warmupTurns;
        this.channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 8 << 20);
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    int localPort() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    void connected(Caller caller, InetSocketAddress server) {
        byServerPort[server.getPort()] = caller;
        caller.nextSendAt = System.nanoTime();
        caller.server = server;
    }

    Queue<Turn> measured() {
        return measured;
    }

    long failedTurns() {
        return failedTurns.get();
    }

    long lateSenderTicks() {
        return lateSenderTicks.get();
    }

    void start() {
        receiver = new Thread(this::receiveLoop, "caller-receive");
        receiver.setDaemon(true);
        receiver.start();
        sender = new Thread(this::sendLoop, "caller-send");
        sender.setDaemon(true);
        sender.setPriority(Thread.MAX_PRIORITY);
        sender.start();
    }

    // ---------------------------------------------------------------- sender

    /**
     * Each caller keeps its own 20 ms schedule; the loop wakes every millisecond and sends what is due. Before each
     * utterance a caller's schedule slips by a random 0-19 ms, as a phone's clock drifts against the server's, so its
     * end of speech falls at a random point of the server's media clock tick (a fixed phase would make the wait for
     * the next tick the same in every turn).
     */
    private void sendLoop() {
        ByteBuffer out = ByteBuffer.allocate(HEADER + ReplyAudio.PACKET_SAMPLES);
        while (running) {
            long now = System.nanoTime();
            for (Caller caller : callers) {
                if (caller.server != null && now >= caller.nextSendAt) {
                    if (now - caller.nextSendAt > PACKET_NANOS) {
                        lateSenderTicks.incrementAndGet(); // sent late: the VAD counts packets, only the stamps move
                    }
                    caller.nextSendAt += PACKET_NANOS;
                    sendOne(caller, out);
                }
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private void sendOne(Caller c, ByteBuffer out) {
        long now = System.nanoTime();
        byte[] payload = c.silencePayload;
        switch (c.phase.get()) {
            case SILENT -> {
                if (now >= c.speakAt && !c.phaseShifted) {
                    c.nextSendAt += random.nextInt(20) * 1_000_000L;
                    c.phaseShifted = true;
                } else if (now >= c.speakAt) {
                    c.phaseShifted = false;
                    c.turn = new Turn(++c.turnsStarted);
                    c.packetsInPhase = 0;
                    c.phase.set(Caller.Phase.SPEAKING);
                    payload = speech[c.packetsInPhase++];
                }
            }
            case SPEAKING -> {
                if (c.packetsInPhase < speech.length) {
                    payload = speech[c.packetsInPhase++];
                } else {
                    c.packetsInPhase = 1; // this silent packet is the first of the hangover
                    c.phase.set(Caller.Phase.HANGOVER);
                }
            }
            case HANGOVER -> {
                if (++c.packetsInPhase == endFrames) {
                    c.turn.decisiveSent = System.nanoTime();
                    c.phase.set(Caller.Phase.AWAITING);
                }
            }
            case AWAITING -> {
                Turn t = c.turn;
                if (now - t.decisiveSent > REPLY_TIMEOUT_NANOS && c.phase.compareAndSet(Caller.Phase.AWAITING,
                        Caller.Phase.SILENT)) {
                    failedTurns.incrementAndGet();
                    c.speakAt = now + 1_000_000_000L;
                }
            }
        }
        out.clear();
        out.put((byte) 0x80).put((byte) 0).putShort((short) c.sequence++).putInt(c.timestamp).putInt(c.ssrc);
        c.timestamp += ReplyAudio.PACKET_SAMPLES;
        out.put(payload).flip();
        try {
            channel.send(out, c.server);
        } catch (IOException e) {
            if (running) {
                System.err.println("send failed: " + e);
            }
        }
    }

    // ---------------------------------------------------------------- receiver

    private void receiveLoop() {
        ByteBuffer in = ByteBuffer.allocate(2048);
        byte[] packet = in.array();
        while (running) {
            in.clear();
            SocketAddress from;
            try {
                from = channel.receive(in);
            } catch (IOException e) {
                return; // closed
            }
            long now = System.nanoTime();
            Caller c = byServerPort[((InetSocketAddress) from).getPort()];
            if (c == null || c.phase.get() != Caller.Phase.AWAITING || in.position() <= HEADER
                    || !ReplyAudio.audible(packet, HEADER, in.position() - HEADER)) {
                continue;
            }
            Turn t = c.turn;
            t.firstAudioArrived = now;
            long replyNanos = t.reply == null ? 3_000_000_000L
                    : (t.reply.durationMillis() * 1_000_000L + pieceGapNanos) * replyPieces;
            c.speakAt = now + replyNanos + PAUSE_AFTER_REPLY_NANOS;
            if (c.phase.compareAndSet(Caller.Phase.AWAITING, Caller.Phase.SILENT) && t.number > warmupTurns) {
                measured.add(t);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            channel.close();
        } catch (IOException ignored) {
            // stopping anyway
        }
        join(sender);
        join(receiver);
    }

    private static void join(Thread t) {
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
