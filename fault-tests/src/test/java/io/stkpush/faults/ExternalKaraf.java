package io.stkpush.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Karaf unpacked from the assembly and run with {@code bin/karaf server} in a process of its own, on free ports,
 * so a test can do to it what happens to a real server: {@link #kill()} it (SIGKILL, no shutdown hook), start it
 * again on the same home ({@link #restart()}, {@code data/} kept), type into its console, count its threads, read
 * its log.
 */
final class ExternalKaraf implements AutoCloseable {

    /** Stands for this Karaf's HTTP port in the extra etc lines (e.g. a callback URL pointing at itself). */
    static final String HTTP_PORT = "@http.port@";

    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Pattern THREAD = Pattern.compile("^\"(.+?)\" (?:#\\d+ )?", Pattern.MULTILINE);
    private static final Random RANDOM = new Random();
    /** Ports {@link #freePort()} gave out, so two Karafs of one test never get the same one. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private final String name;
    private final Path home;
    private final int httpPort;
    private final int sshPort;
    private final List<String> readyPaths;
    private Process process;

    private ExternalKaraf(String name, Path home, int httpPort, int sshPort, List<String> readyPaths) {
        this.name = name;
        this.home = home;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
        this.readyPaths = readyPaths;
    }

    /** {@link #prepare}, then {@link #launch}. */
    static ExternalKaraf start(String name, Map<String, List<String>> etc, List<String> featuresBoot,
            List<String> readyPaths) throws Exception {
        ExternalKaraf karaf = prepare(name, etc, featuresBoot, readyPaths);
        karaf.launch();
        return karaf;
    }

    /**
     * Unpacks the assembly (system property {@code stkpush.assembly}) under {@code target/} and chooses its ports,
     * without starting it: its URL is known, so two Karafs pointing at each other can boot side by side.
     *
     * @param name         for messages and the folder name, e.g. {@code simulator}
     * @param etc          extra lines per file under etc/ (appended; later keys win); {@link #HTTP_PORT} in a line
     *                     becomes the port chosen here
     * @param featuresBoot the boot features instead of the assembly's, or {@code null} to keep them
     * @param readyPaths   paths that must answer 200 (five times in a row) before the Karaf counts as started
     */
    static ExternalKaraf prepare(String name, Map<String, List<String>> etc, List<String> featuresBoot,
            List<String> readyPaths) throws Exception {
        Path target = Paths.get("target").toAbsolutePath();
        Files.createDirectories(target);
        Path unpackTo = Files.createTempDirectory(target, name + "-");
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
        if (featuresBoot != null) {
            replaceFeaturesBoot(home.resolve("etc/org.apache.karaf.features.cfg"), featuresBoot);
        }
        for (Map.Entry<String, List<String>> file : etc.entrySet()) {
            append(home.resolve("etc").resolve(file.getKey()),
                    file.getValue().stream().map(line -> line.replace(HTTP_PORT, String.valueOf(http))).toList());
        }
        return new ExternalKaraf(name, home, http, ssh, List.copyOf(readyPaths));
    }

    Path home() {
        return home;
    }

    String url(String path) {
        return "http://localhost:" + httpPort + path;
    }

    /** The Karaf JVM (a child of {@code bin/karaf}, which in {@code server} mode does not exec it). */
    ProcessHandle java() {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + ": no Java process under bin/karaf"));
    }

    /** {@code kill -9} of the Karaf JVM: no shutdown hook, no bundle stopped, open connections cut. */
    void kill() throws Exception {
        ProcessHandle java = java();
        java.destroyForcibly();
        java.onExit().get(30, TimeUnit.SECONDS);
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts it again on the same home, with what the previous run left in {@code data/}. */
    void restart() throws Exception {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    /** Starts {@code bin/karaf server} and waits until the ready paths answer; on failure nothing is left running. */
    /**
     * {@link #launch()}, and once more if the first boot does not get ready: the Aries JAX-RS whiteboard 2.0.2 can
     * fail its first dispatch at boot (a ConcurrentModificationException in its service tracker, seen once in CI)
     * and then serves nothing; a second start comes up.
     */
    void launchRetryingOnce() throws Exception {
        try {
            launch();
        } catch (IllegalStateException firstBoot) {
            System.out.println(name + " did not get ready (" + firstBoot.getMessage() + "); starting it again");
            launch();
        }
    }

    void launch() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
        try {
            awaitReady();
        } catch (Throwable e) {
            destroy(); // nobody gets a handle to close: the Karaf must not outlive the test JVM
            throw e;
        }
    }

    /**
     * Runs a command in this Karaf's console as its administrator ({@code karaf}/{@code karaf}, over ssh with
     * {@code bin/client}); several commands may be given on separate lines. Returns what it printed; fails when
     * the client does not end well or a command printed an error.
     */
    String console(String commands) throws IOException, InterruptedException {
        // batch mode, the commands on stdin: given as an argument without a terminal, the client prints nothing
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-h", "localhost",
                "-a", String.valueOf(sshPort), "-u", "karaf", "-p", "karaf", "-r", "30", "-d", "1", "-b")
                .directory(home.toFile()).redirectErrorStream(true);
        pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process client = pb.start();
        try (var stdin = client.getOutputStream()) {
            stdin.write((commands + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] output = client.getInputStream().readAllBytes(); // until the client exits
        if (!client.waitFor(180, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException(name + ": the Karaf console did not answer: " + commands);
        }
        String printed = new String(output, StandardCharsets.UTF_8);
        if (client.exitValue() != 0 || printed.contains("Error executing command")
                || printed.contains("Command not found")) {
            throw new IllegalStateException(name + ": " + commands + " failed (" + client.exitValue() + "): "
                    + printed);
        }
        return printed;
    }

    /** The names of the Karaf JVM's live threads, from {@code jcmd <pid> Thread.print}. */
    List<String> threadNames() throws IOException, InterruptedException {
        String dump = jcmd("Thread.print");
        List<String> names = new ArrayList<>();
        Matcher m = THREAD.matcher(dump);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The Karaf JVM's threads and their stacks ({@code jcmd <pid> Thread.print}), for a failure report. */
    String threadDump() throws IOException, InterruptedException {
        return jcmd("Thread.print");
    }

    /** A full GC in the Karaf JVM ({@code jcmd <pid> GC.run}). */
    void gc() throws IOException, InterruptedException {
        jcmd("GC.run");
    }

    /** Heap in use after a full GC, in bytes ({@code jcmd GC.run}, then the total line of {@code GC.heap_info}). */
    long heapAfterGc() throws IOException, InterruptedException {
        gc();
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException(name + ": no heap figure in GC.heap_info");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(java().pid()), command)
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(name + ": jcmd " + command + " failed: " + printed);
        }
        return printed;
    }

    /** {@code data/log/karaf.log} as it stands (the current file, not rotated ones). */
    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Waits until every ready path answers 200 five times in a row. */
    void awaitReady() throws InterruptedException {
        awaitReady(readyPaths, BOOT);
    }

    /**
     * While features settle the JAX-RS whiteboard re-publishes its application and paths can answer 404 for a
     * moment after a 200: hence five in a row.
     */
    void awaitReady(List<String> paths, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int inARow = 0;
        while (inARow < 5) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + ": Karaf exited with " + process.exitValue() + "; see "
                        + home + "/data/log");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": " + paths + " not answering 200 within " + within
                        + "; see " + home + "/data/log");
            }
            inARow = paths.stream().allMatch(p -> status(url(p)) == 200) ? inARow + 1 : 0;
            Thread.sleep(200); // poll interval; the deadline bounds the wait
        }
    }

    @Override
    public void close() throws Exception {
        if (process == null || !process.isAlive()) {
            return;
        }
        boolean stopped = false;
        try {
            run(List.of(home.resolve("bin/stop").toString()));
            stopped = process.waitFor(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // killed below
        } finally {
            if (!stopped) {
                destroy();
            }
        }
    }

    private void destroy() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
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

    /**
     * A port free now, below the kernel's ephemeral range (32768 and up here): a port the kernel picks from that
     * range can be taken by an outgoing connection before the Karaf binds it (seen once as "Address already in
     * use"). Never the same port twice in this JVM.
     */
    static synchronized int freePort() {
        for (int tries = 0; tries < 1000; tries++) {
            int port = 20_000 + RANDOM.nextInt(12_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port)) {
                return port;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port between 20000 and 32000"));
    }


    /** The assembly's {@code featuresBoot} spans several lines ({@code \} continuations): replaced as a whole. */
    private static void replaceFeaturesBoot(Path cfg, List<String> features) throws IOException {
        String text = Files.readString(cfg, StandardCharsets.UTF_8);
        String replaced = text.replaceFirst("(?m)^featuresBoot\\s*=(?:[^\\n]*\\\\\\n)*[^\\n]*$",
                Matcher.quoteReplacement("featuresBoot = " + String.join(", ", features)));
        if (replaced.equals(text)) {
            throw new IllegalStateException("no featuresBoot in " + cfg);
        }
        Files.writeString(cfg, replaced, StandardCharsets.UTF_8);
    }

    static void append(Path file, List<String> lines) throws IOException {
        Files.writeString(file, "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }
}
