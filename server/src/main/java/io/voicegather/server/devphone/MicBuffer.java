package io.voicegather.server.devphone;

/**
 * The microphone audio a page sent (PCM16 little-endian, 8 kHz), waiting for the call's next RTP packet. The page
 * sends in chunks of its own size and pace, so packets are taken only once {@link #PREBUFFER} samples have
 * gathered, and again after each underrun; past one second of backlog the oldest audio is dropped (latency beats
 * completeness on a phone). Thread-safe: the WebSocket thread writes, the phone's thread reads.
 */
final class MicBuffer {
    static final int CAPACITY = 8000;
    static final int PREBUFFER = 800;
    private final short[] ring = new short[CAPACITY];
    private int start; // guarded by this
    private int size;
    private boolean flowing;

    /** Appends little-endian 16-bit samples; an odd last byte is ignored. */
    synchronized void write(byte[] pcm16le) {
        for (int i = 0; i + 1 < pcm16le.length; i += 2) {
            short s = (short) ((pcm16le[i] & 0xFF) | (pcm16le[i + 1] << 8));
            if (size == CAPACITY) {
                start = (start + 1) % CAPACITY;
                size--;
            }
            ring[(start + size) % CAPACITY] = s;
            size++;
        }
    }

    /** Fills {@code out} with the next samples; false (nothing taken) while prebuffering or after an underrun. */
    synchronized boolean read(short[] out) {
        if (!flowing && size < PREBUFFER || size < out.length) {
            flowing = false;
            return false;
        }
        flowing = true;
        for (int i = 0; i < out.length; i++) {
            out[i] = ring[start];
            start = (start + 1) % CAPACITY;
        }
        size -= out.length;
        return true;
    }

    synchronized void clear() {
        start = 0;
        size = 0;
        flowing = false;
    }
}
