package io.voicegather.server.store;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests, a real process: {@code initdb} into a temporary folder, {@code pg_ctl
 * start} on a free port of 127.0.0.1 with password authentication, stopped and deleted when the JVM exits. One per
 * JVM, started on first use; each test asks for its own database.
 * <p>
 * PostgreSQL refuses to run as root: as root, the server runs as the {@code postgres} user the Debian package
 * creates. Where PostgreSQL is not installed ({@code apt-get install postgresql}), a test that asks for it is
 * skipped with that message.
 */
public final class PostgresServer {
    public static final String USER = "voicegather";
    public static final String PASSWORD = "test-password";
    private static final String PG_BIN_ROOT = "/usr/lib/postgresql";
    private static final long START_TIMEOUT_SECONDS = 60;
    /**
     * The server's own crash safety is of no use to a server deleted at the end, and costs a shared machine's disk
     * most (each test's CREATE DATABASE, the shutdown checkpoint). The tests kill the voicegather side, never this.
     */
    private static final String THROWAWAY = " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    private static PostgresServer shared;

    private final Path bin;
    private final Path folder;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path folder, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The JVM's server, started on first use; skips the calling test where PostgreSQL is not installed. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            Path bin = binaries();
            Assumptions.assumeTrue(bin != null,
                    "PostgreSQL is not installed (apt-get install postgresql): PostgreSQL variant skipped");
            shared = start(bin);
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "postgres-test-server-stop"));
        }
        return shared;
    }

    /** A new empty database on the server; returns its settings (URL, user and password). */
    public DatabaseSettings createDatabase(String name) {
        String db = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + db, e);
        }
        return settings(db);
    }

    /** The settings of an existing database on this server. */
    public DatabaseSettings settings(String database) {
        return new DatabaseSettings(url(database), USER, PASSWORD);
    }

    public String url(String database) {
        return DatabaseSettings.POSTGRESQL_PREFIX + "127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** The newest installed version's binaries folder, or null. */
    private static Path binaries() {
        Path root = Path.of(PG_BIN_ROOT);
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionNumber(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionNumber(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static PostgresServer start(Path bin) {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path folder = Files.createTempDirectory("voicegather-pg");
            Path data = folder.resolve("data");
            Path passwordFile = folder.resolve("password");
            Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
            if (root) {
                chown(folder, "postgres");
                chown(passwordFile, "postgres");
            }
            int port = freePort();
            PostgresServer server = new PostgresServer(bin, folder, port, root);
            server.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C", "--no-instructions"));
            server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    folder.resolve("server.log").toString(), "-w", "-t", String.valueOf(START_TIMEOUT_SECONDS),
                    "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c max_connections=200"
                            + THROWAWAY,
                    "start"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a test PostgreSQL server", e);
        }
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-m",
                    "immediate", "-w", "stop")); // no shutdown checkpoint: the folder is deleted next
        } catch (RuntimeException | IOException e) {
            System.err.println("test PostgreSQL server did not stop: " + e);
        }
        deleteQuietly(folder);
    }

    /** Runs a PostgreSQL tool (as the postgres user when this JVM is root) and waits for it to succeed. */
    private void run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("voicegather-pg-tool", ".log");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(START_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish: " + Files.readString(log));
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void chown(Path path, String user) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, users.lookupPrincipalByName(user));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: best effort
        }
    }
}
