package io.voicegather.server.webhook;

import ch.qos.logback.classic.Level;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Child process of {@link WebhookCrashTest}: emits events to a URL that refuses connections while its dispatcher
 * keeps retrying, prints READY, then waits to be killed.
 * Arguments: data folder, URL, number of events, number of keys, and optionally the URL of a PostgreSQL database
 * of the {@link io.voicegather.server.store.PostgresServer} to use instead of SQLite in the data folder.
 */
public final class CrashingEmitter {
    private CrashingEmitter() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Path dataDir = Path.of(args[0]);
        String url = args[1];
        int events = Integer.parseInt(args[2]);
        int keys = Integer.parseInt(args[3]);
        WebhookConfig config = WebhookConfig.defaults()
                .withRequestTimeout(Duration.ofSeconds(1))
                .withRetries(1_000_000, List.of(Duration.ZERO, Duration.ofMillis(20)));
        DatabaseSettings settings = args.length > 4
                ? new DatabaseSettings(args[4], PostgresServer.USER, PostgresServer.PASSWORD) : DatabaseSettings.EMBEDDED;
        WebhookStack stack = WebhookStack.start(Database.open(settings, dataDir), dataDir, config);
        for (int n = 0; n < events; n++) {
            stack.outbox.emit(WebhookStack.event("call-" + (n % keys), n, WebhookStack.post(url)));
        }
        stack.outbox.flush(); // READY means recorded: the test kills this process right after
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
