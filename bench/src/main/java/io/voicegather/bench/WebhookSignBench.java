package io.voicegather.bench;

import io.voicegather.api.webhook.WebhookSignature;
import io.voicegather.server.webhook.Ed25519Signer;
import io.voicegather.server.webhook.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 signing of one webhook delivery (timestamp|body), the per-attempt cost on the dispatcher's workers:
 * the JDK provider ({@link #sign}) and the BouncyCastle signer the dispatcher uses ({@link #signBouncyCastle}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WebhookSignBench {
    /** A call.dtmf.received envelope of the usual size (about 600 bytes). */
    private static final String BODY = "{\"data\":{\"record_type\":\"event\",\"event_type\":\"call.dtmf.received\","
            + "\"id\":\"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0\",\"occurred_at\":\"2026-01-01T12:00:00.000000Z\","
            + "\"payload\":{\"call_control_id\":\"v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1XvGYGqWgUSMpQg\","
            + "\"call_leg_id\":\"2dc6fc34-f9e0-11ea-b68e-02420a0f6468\","
            + "\"call_session_id\":\"2dc1b3c8-f9e0-11ea-bc5a-02420a0f6468\",\"connection_id\":\"1\","
            + "\"client_state\":\"YW5zd2VyZWQ=\",\"from\":\"+15555550100\",\"to\":\"+15555550199\",\"digit\":\"7\"}},"
            + "\"meta\":{\"attempt\":1,\"delivered_to\":\"http://127.0.0.1:8081/webhooks\"}}";

    private PrivateKey key;
    private Ed25519Signer signer;
    private byte[] body;

    @Setup
    public void setUp() {
        key = SigningKeys.generate().privateKey();
        signer = new Ed25519Signer(key);
        body = BODY.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public String sign() {
        return WebhookSignature.sign(key, "1767268800", body);
    }

    @Benchmark
    public String signBouncyCastle() {
        return signer.sign("1767268800", body);
    }
}
