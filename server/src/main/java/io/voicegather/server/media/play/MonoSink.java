package io.voicegather.server.media.play;

/** Receives decoded mono PCM in chunks, in order; the chunk array may be reused after the call returns. */
interface MonoSink {
    /** Called once, before any samples. */
    void start(int sampleRate) throws AudioDecodeException;

    void accept(short[] chunk, int count) throws AudioDecodeException;
}
