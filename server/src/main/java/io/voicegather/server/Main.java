package io.voicegather.server;

/** Starts the server. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("voicegather: not wired yet");
    }
}
