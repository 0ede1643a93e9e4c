package io.voicegather.server.call;

import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.dtmf.DtmfSender;
import io.voicegather.server.sip.ExtraHeader;
import io.voicegather.server.sip.InviteSession;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A phone with no SIP in between: it hands the call layer an offer (PCMU and telephone-event 101), reads the answer,
 * and presses keys on a real RTP socket with the server's own {@link DtmfSender}, as RFC 4733 events or as in-band
 * tones. Only SIP parsing and transactions are skipped.
 *
 * <p>Threading: the SIP side is called by the call layer on its strand; the keys are pressed on the test thread.
 */
final class TestPhone implements InviteSession, AutoCloseable {
    private static final int EVENT_PAYLOAD_TYPE = 101;
    private static final int TONE_MILLIS = 100;

    private final DatagramChannel rtp;
    private final int port;
    private final CompletableFuture<String> answer = new CompletableFuture<>();
    private final DtmfSender sender = new DtmfSender(160);
    private final byte[] packet = new byte[12 + 160];
    private final short[] scratch = new short[160];
    private final int ssrc = 0x5EED0001;
    private int sequence = 1;
    private int timestamp = 8000;
    /** Written by the call's strand, read by the test. */
    private volatile int rejectedWith;

    TestPhone() throws IOException {
        rtp = DatagramChannel.open();
        rtp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
    }

    /** One press sent as RFC 4733 events (start, updates, three ends), then the gap's silence. */
    void pressAsEvents(char key) throws Exception {
        press(key, EVENT_PAYLOAD_TYPE);
    }

    /** One press sent as dual tones in the audio, then the gap's silence. */
    void pressAsTones(char key) throws Exception {
        press(key, -1);
    }

    private void press(char key, int eventPayloadType) throws Exception {
        sender.enqueue(String.valueOf(key), TONE_MILLIS);
        InetSocketAddress server = serverRtp();
        int length;
        while ((length = sender.fill(packet, sequence, timestamp, ssrc, Codec.PCMU, 0, eventPayloadType,
                scratch)) > 0) {
            rtp.send(ByteBuffer.wrap(packet, 0, length), server);
            sequence = (sequence + 1) & 0xFFFF;
            timestamp += 160;
        }
    }

    private InetSocketAddress serverRtp() throws Exception {
        String sdp = answer.get(10, TimeUnit.SECONDS);
        int at = sdp.indexOf("m=audio ") + "m=audio ".length();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(sdp.substring(at, sdp.indexOf(' ', at))));
    }

    @Override
    public String offerSdp() {
        return "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    @Override
    public String callId() {
        return "phone@test";
    }

    @Override
    public String fromUri() {
        return "sip:phone@127.0.0.1";
    }

    @Override
    public String fromDisplayName() {
        return null;
    }

    @Override
    public String toUri() {
        return "sip:gather@127.0.0.1";
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 5060);
    }

    @Override
    public String transport() {
        return "UDP";
    }

    @Override
    public void ringing() {
    }

    @Override
    public void answer(String sdpAnswer, List<ExtraHeader> extraHeaders) {
        answer.complete(sdpAnswer);
    }

    /** The status the call was rejected with, or 0. */
    int rejectedWith() {
        return rejectedWith;
    }

    @Override
    public void reject(int status, String reason) {
        rejectedWith = status;
        answer.completeExceptionally(new IllegalStateException("rejected: " + status + " " + reason));
    }

    @Override
    public void bye() {
    }

    @Override
    public void close() throws IOException {
        rtp.close();
    }
}
