package io.stkpush.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo Karaf, unpacked from the assembly and started with {@code bin/karaf server} as {@code scripts/demo}
 * does, on free ports so it never clashes with a demo running on 8181.
 */
final class DemoKaraf implements AutoCloseable {

    /** Stands for this Karaf's HTTP port in the extra etc lines (e.g. a base URL pointing at itself). */
    static final String HTTP_PORT = "@http.port@";

    private final Path home;
    private final int httpPort;
    private final int sshPort;
    private final Process process;

    private DemoKaraf(Path home, int httpPort, int sshPort, Process process) {
        this.home = home;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
        this.process = process;
    }

    /**
     * Unpacks and starts the assembly.
     *
     * @param etc extra lines per file under etc/ (appended; later keys win), e.g. simulator durations;
     *            {@link #HTTP_PORT} in a line becomes the port chosen here
     */
    static DemoKaraf start(Map<String, List<String>> etc) throws Exception {
        Path target = Paths.get("target").toAbsolutePath();
        Path unpackTo = Files.createTempDirectory(target, "karaf-");
        run(List.of("tar", "xzf", System.getProperty("stkpush.assembly"), "-C", unpackTo.toString()));
        Path home;
        try (var dirs = Files.list(unpackTo)) {
            home = dirs.findFirst().orElseThrow();
        }
        int http = freePort();
        int ssh = freePort();
        append(home.resolve("etc/org.ops4j.pax.web.cfg"), List.of("org.osgi.service.http.port = " + http));
        append(home.resolve("etc/org.apache.karaf.shell.cfg"), List.of("sshPort = " + ssh));
        append(home.resolve("etc/org.apache.karaf.management.cfg"),
                List.of("rmiRegistryPort = " + freePort(), "rmiServerPort = " + freePort()));
        for (Map.Entry<String, List<String>> file : etc.entrySet()) {
            append(home.resolve("etc").resolve(file.getKey()),
                    file.getValue().stream().map(line -> line.replace(HTTP_PORT, String.valueOf(http))).toList());
        }
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        DemoKaraf karaf = new DemoKaraf(home, http, ssh, pb.start());
        try {
            karaf.awaitHealthy(Duration.ofSeconds(120));
        } catch (Throwable e) {
            karaf.destroy(); // nobody gets a handle to close: the Karaf must not outlive the test JVM
            throw e;
        }
        return karaf;
    }

    String url(String path) {
        return "http://localhost:" + httpPort + path;
    }

    /**
     * Runs a command in this Karaf's console as its administrator ({@code karaf}/{@code karaf}, over ssh with
     * {@code bin/client}), e.g. {@code feature:uninstall stkpush-renewal}; returns what it printed. Fails when the
     * client does not end well or the command printed an error.
     */
    String console(String command) throws IOException, InterruptedException {
        // batch mode, the command on stdin: given as an argument without a terminal, the client prints nothing
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-h", "localhost",
                "-a", String.valueOf(sshPort), "-u", "karaf", "-p", "karaf", "-r", "30", "-d", "1", "-b")
                .directory(home.toFile()).redirectErrorStream(true);
        pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process client = pb.start();
        try (var stdin = client.getOutputStream()) {
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] output = client.getInputStream().readAllBytes(); // until the client exits
        if (!client.waitFor(120, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("the Karaf console did not answer: " + command);
        }
        String printed = new String(output, StandardCharsets.UTF_8);
        if (client.exitValue() != 0 || printed.contains("Error executing command")
                || printed.contains("Command not found")) {
            throw new IllegalStateException(command + " failed (" + client.exitValue() + "): " + printed);
        }
        return printed;
    }

    /**
     * Waits until health and the simulator answer 200 five times in a row: while the boot features settle, the
     * JAX-RS whiteboard re-publishes its application and paths can answer 404 for a moment after a 200.
     */
    private void awaitHealthy(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int inARow = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Karaf exited with " + process.exitValue() + "; see " + home);
            }
            boolean up = status(url("/stkpush/api/health")) == 200 && status(url("/daraja-sim/phone/c2b")) == 200;
            inARow = up ? inARow + 1 : 0;
            if (inARow == 5) {
                return;
            }
            Thread.sleep(200); // poll interval; the deadline bounds the wait
        }
        throw new IllegalStateException("Karaf not healthy within " + within + "; see " + home + "/data/log");
    }

    static int status(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws Exception {
        boolean stopped = false;
        try {
            run(List.of(home.resolve("bin/stop").toString()));
            stopped = process.waitFor(60, TimeUnit.SECONDS);
        } finally {
            if (!stopped) {
                destroy();
            }
        }
    }

    /** Kills {@code bin/karaf} and its Java child ({@code server} mode does not exec it, so it would be orphaned). */
    private void destroy() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, List<String> lines) throws IOException {
        Files.writeString(file, "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }
}
