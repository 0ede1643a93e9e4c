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
}
