package io.voicegather.server.demo;

/** {@code --demo} was asked of a server whose class path holds no demo application (e.g. started from its classes). */
public final class DemoMissingException extends RuntimeException {
    DemoMissingException(String message) {
        super(message);
    }
}
