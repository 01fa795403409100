package io.stkpush.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the test class's own, started with {@code scripts/postgres-start <dir>} on a free port,
 * so a test may stop it and start it again on the same port ({@link #stopDatabase()}, {@link #startDatabase()}).
 * When it cannot start, the test is skipped, or fails when {@code stkpush.test.pg.required=true}.
 */
final class ThrowawayPostgres implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final Path dir;
    private final String url;
    private final int port;

    private ThrowawayPostgres(Path dir, String url, int port) {
        this.dir = dir;
        this.url = url;
        this.port = port;
    }

    static ThrowawayPostgres start() throws Exception {
        // outside the project: the postgres OS user may not be allowed into it
        Path dir = Files.createTempDirectory("stkpush-faults-pg-");
        Process p = new ProcessBuilder(scripts().resolve("postgres-start").toString(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean started = p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0
                && printed.startsWith("jdbc:postgresql:");
        if (!started) {
            run(List.of(scripts().resolve("postgres-stop").toString(), dir.toString()));
            String why = "PostgreSQL could not start (scripts/postgres-start " + dir + "): " + printed;
            if (Boolean.getBoolean("stkpush.test.pg.required")) {
                throw new IllegalStateException(why);
            }
            assumeTrue(false, why + "; the fault tests need PostgreSQL");
        }
        int port = Integer.parseInt(Files.readString(dir.resolve("port")).strip());
        return new ThrowawayPostgres(dir, printed, port);
    }

    /** The cluster's {@code postgres} database. */
    String url() {
        return url;
    }

    /** Creates a database and returns its URL. */
    String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url.replaceFirst("/[^/?]*$", "/" + name);
    }

    /** Stops the server ({@code pg_ctl stop -m fast}: open connections are cut); the data stays. */
    void stopDatabase() throws Exception {
        run(asPostgres(pgBin("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60",
                "stop"));
    }

    /** Starts the stopped server again on the same port, with the options {@code postgres-start} used. */
    void startDatabase() throws Exception {
        run(asPostgres(pgBin("pg_ctl"), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir.resolve("socket") + " -c listen_addresses=localhost -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start"));
    }

    @Override
    public void close() throws Exception {
        run(List.of(scripts().resolve("postgres-stop").toString(), dir.toString()));
    }

    private static Path scripts() {
        return Paths.get(System.getProperty("stkpush.scripts", "../scripts")).toAbsolutePath().normalize();
    }

    private static String pgBin(String program) throws IOException {
        try (var versions = Files.list(Paths.get("/usr/lib/postgresql"))) {
            Path bin = versions.map(v -> v.resolve("bin"))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow();
            return bin.resolve(program).toString();
        }
    }

    /** PostgreSQL refuses to run as root: then as the {@code postgres} OS user, as the scripts do. */
    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + command + ": " + printed);
        }
    }
}
