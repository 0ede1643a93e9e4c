package io.voicegather.server.sip;

import java.net.InetSocketAddress;

/** Where a message came from and how to answer it: a UDP peer address or one TCP connection. Loop thread only. */
interface SipFlow {
    void send(byte[] message);

    InetSocketAddress remote();

    /** "UDP" or "TCP". */
    String transport();

    boolean isOpen();

    default boolean reliable() {
        return transport().equals("TCP");
    }

    /**
     * The dialog depends on this flow from now on (our BYE must go out on it), until {@link #unbind}. Only a TCP
     * connection cares: while a dialog is bound it is not closed for being idle. Called by the core.
     */
    default void bind(InviteDialog dialog) {
    }

    /** The dialog has ended (however its end arrived); does nothing when it was not bound. */
    default void unbind(InviteDialog dialog) {
    }
}
