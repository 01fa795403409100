package io.stkpush.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Part 4 of scripts/benchmark, footprint on the billing server. Three Karafs, one after another:
 * <ol>
 * <li>the demo assembly, unpacked fresh by the script: cold boot ({@code bin/karaf daemon}) to health UP, then
 * stopped and started again (its {@code data/} kept) to health UP;</li>
 * <li>the stock Apache Karaf of the same version, unpacked fresh: cold boot to its features service answering over
 * JMX (the reference for the first), measured idle;</li>
 * <li>the same stock Karaf after {@code feature:install stkpush} (over JMX, as {@code feature:install} in its
 * console would): the install to health UP, then measured again.</li>
 * </ol>
 * Each is measured after {@code --settle} seconds: heap after a full GC ({@code jcmd GC.run}, then
 * {@code GC.heap_info}), metaspace, live threads ({@code java.threads.live}), and CPU used in {@code --idle} seconds
 * of doing nothing ({@code utime + stime} of {@code /proc/<pid>/stat}).
 *
 * <p>Options: {@code --assembly} and {@code --stock} (the unpacked homes), {@code --assembly-port},
 * {@code --stock-port}, {@code --stock-label} (what stands for the stock Karaf), {@code --stock-jmx}
 * ({@code registryPort:serverPort}), {@code --features-repo} (the stkpush features' mvn URL), {@code --feature}
 * (stkpush), {@code --settle} (30), {@code --idle} (60).
 */
public final class Footprint {

    private static final Duration BOOT_LIMIT = Duration.ofMinutes(4);

    private final int settleSeconds;
    private final int idleSeconds;
    private final long clockTicks;

    private Footprint(int settleSeconds, int idleSeconds) throws IOException, InterruptedException {
        this.settleSeconds = settleSeconds;
        this.idleSeconds = idleSeconds;
        this.clockTicks = Long.parseLong(run(List.of("getconf", "CLK_TCK")).strip());
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        Footprint footprint = new Footprint(options.number("settle", 30), options.number("idle", 60));
        Path assembly = Path.of(options.text("assembly"));
        Path stock = Path.of(options.text("stock"));
        int assemblyPort = options.number("assembly-port", 28181);
        int stockPort = options.number("stock-port", 28281);
        String[] jmx = options.text("stock-jmx", "21199:44449").split(":");
        String feature = options.text("feature", "stkpush");
        String stockLabel = options.text("stock-label", "stock Karaf");

        Measured demo;
        double coldBoot;
        String bootPhases;
        Karaf demoKaraf = Karaf.start(assembly);
        try {
            coldBoot = footprint.untilHealthUp(demoKaraf, assemblyPort, demoKaraf.startedNanos());
            demo = footprint.measure(demoKaraf);
            // after the settling time: health may answer UP before Karaf has logged the end of its deployment
            bootPhases = phases(assembly, null, demoKaraf.launchedAt());
        } finally {
            demoKaraf.stop();
        }
        // a restart, as a billing server's Karaf is restarted: bundles already installed and resolved (data/ kept)
        double restart;
        Karaf restarted = Karaf.start(assembly);
        try {
            restart = footprint.untilHealthUp(restarted, assemblyPort, restarted.startedNanos());
        } finally {
            restarted.stop();
        }

        Measured bare;
        Measured withStkpush;
        double stockBoot;
        double installReturned;
        double install;
        String installPhases;
        Karaf stockKaraf = Karaf.start(stock);
        try (JMXConnector connector = footprint.connect(stockKaraf, Integer.parseInt(jmx[0]),
                Integer.parseInt(jmx[1]))) {
            // the reference for the cold boot: the same Karaf without stkpush, until its features service answers
            stockBoot = (System.nanoTime() - stockKaraf.startedNanos()) / 1e9;
            bare = footprint.measure(stockKaraf);
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName features = new ObjectName("org.apache.karaf:type=feature,name=root");
            server.invoke(features, "addRepository", new Object[] {options.text("features-repo")},
                    new String[] {String.class.getName()});
            long start = System.nanoTime();
            server.invoke(features, "installFeature", new Object[] {feature}, new String[] {String.class.getName()});
            installReturned = (System.nanoTime() - start) / 1e9;
            install = footprint.untilHealthUp(stockKaraf, stockPort, start);
            installPhases = phases(stock, feature, null);
            withStkpush = footprint.measure(stockKaraf);
        } finally {
            stockKaraf.stop();
        }

        print(stockLabel, feature, coldBoot, stockBoot, restart, bootPhases, installReturned, install, installPhases,
                bare, withStkpush, demo, footprint);
    }

    private static void print(String stockLabel, String feature, double coldBoot, double stockBoot, double restart,
            String bootPhases, double installReturned, double install, String installPhases, Measured bare,
            Measured withStkpush, Measured demo, Footprint footprint) {
        Table table = new Table(String.format(Locale.ROOT, "Footprint: Karaf 4.4.10, Java %s, measured %d s after"
                + " start-up; idle CPU over %d s", Runtime.version().feature(), footprint.settleSeconds,
                footprint.idleSeconds), "", stockLabel, stockLabel + " + " + feature, "demo assembly", "target", "");
        table.row("cold boot (bin/karaf daemon, fresh unpack) to health UP; stock: to its features service over JMX",
                Table.seconds(stockBoot), "", Table.seconds(coldBoot), "≤ 5 s", Table.verdict(coldBoot <= 5));
        table.row("restart (stopped, started again, data/ kept) to health UP", "", "", Table.seconds(restart), "", "");
        table.row("feature:install " + feature + " on the running Karaf to health UP", "",
                Table.seconds(install) + " (install returned after " + Table.seconds(installReturned) + ")", "",
                "≤ 3 s", Table.verdict(install <= 3));
        table.row("… Karaf's deployment of the boot features / of " + feature + " (karaf.log)", "", installPhases,
                bootPhases, "", "");
        table.row("heap after full GC", Table.megabytes(bare.heapKib()), Table.megabytes(withStkpush.heapKib()),
                Table.megabytes(demo.heapKib()), "", "");
        double addedByStkpush = withStkpush.heapKib() - bare.heapKib();
        double addedByDemo = demo.heapKib() - bare.heapKib();
        table.row("heap added to the " + stockLabel, "", Table.megabytes(addedByStkpush), Table.megabytes(addedByDemo),
                "≤ 32 MB", Table.verdict(addedByStkpush <= 32 * 1024) + " / " + Table.verdict(addedByDemo <= 32 * 1024));
        Targets.record("4 footprint", "cold boot of the demo assembly to health UP", Table.seconds(coldBoot),
                stockLabel + " " + Table.seconds(stockBoot) + "; the demo's restart " + Table.seconds(restart), "≤ 5 s",
                coldBoot <= 5);
        Targets.record("4 footprint", "feature:install " + feature + " to health UP", Table.seconds(install),
                installPhases, "≤ 3 s", install <= 3);
        Targets.record("4 footprint", "heap added: " + feature + " / demo assembly", Table.megabytes(addedByStkpush)
                + " / " + Table.megabytes(addedByDemo), stockLabel + " " + Table.megabytes(bare.heapKib()), "≤ 32 MB",
                addedByStkpush <= 32 * 1024 && addedByDemo <= 32 * 1024);
        table.row("metaspace (class metadata, not heap)", Table.megabytes(bare.metaspaceKib()),
                Table.megabytes(withStkpush.metaspaceKib()), Table.megabytes(demo.metaspaceKib()), "", "");
        table.row("live threads", Long.toString(bare.threads()), Long.toString(withStkpush.threads()),
                Long.toString(demo.threads()), "", "");
        table.row("idle CPU, % of one core", percent(bare.idleCpu()), percent(withStkpush.idleCpu()),
                percent(demo.idleCpu()), "", "");
        table.note("The demo assembly boots stkpush-demo and stkpush-renewal on the embedded H2 database: stkpush with"
                + " the Daraja simulator, the demo host, the web console and the JAAS login. The stock Karaf gets "
                + feature + " alone (with what it pulls in: HTTP, JAX-RS, pax-jdbc, the Daraja provider) and the"
                + " default H2 datasource. Heap after GC is what stays live; a JVM reserves more. The stock Karaf is"
                + " the apache-karaf distribution unpacked fresh or, when it is not available offline, the assembly"
                + " with stkpush-demo and stkpush-renewal taken out of its boot features (the column says which).");
        table.print();
    }

    private static final Pattern LOGGED = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{3}) .*FeaturesServiceImpl .*\\| (Adding features: (\\S+)|Changes to perform:"
                    + "|Installing bundles:|Starting bundles:|Done\\.)");

    /**
     * How Karaf's feature deployment split its time, from karaf.log: resolving, installing the bundles, starting
     * them. The last deployment that added {@code feature} (null: the first deployment, the boot features), and
     * when {@code launchedAt} is given, the time from the launch to that deployment (JVM and OSGi framework).
     */
    static String phases(Path home, String feature, java.time.LocalDateTime launchedAt) {
        try {
            List<String> lines = Files.readAllLines(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
            java.time.LocalDateTime added = null;
            java.time.LocalDateTime[] marks = new java.time.LocalDateTime[3];
            java.time.LocalDateTime done = null;
            for (String line : lines) {
                Matcher m = LOGGED.matcher(line);
                if (!m.find()) {
                    continue;
                }
                java.time.LocalDateTime at = java.time.LocalDateTime.parse(m.group(1).replace(',', '.'));
                String what = m.group(2);
                if (what.startsWith("Adding features")) {
                    boolean ours = feature == null ? added == null : m.group(3).startsWith(feature + "/");
                    if (ours) {
                        added = at;
                        marks = new java.time.LocalDateTime[3];
                        done = null;
                    }
                } else if (added != null && done == null) {
                    if (what.startsWith("Changes")) {
                        marks[0] = at;
                    } else if (what.startsWith("Installing")) {
                        marks[1] = at;
                    } else if (what.startsWith("Starting")) {
                        marks[2] = at;
                    } else {
                        done = at;
                    }
                }
            }
            if (added == null || done == null || marks[0] == null || marks[2] == null) {
                return "";
            }
            java.time.LocalDateTime installing = marks[1] == null ? marks[2] : marks[1];
            String launch = launchedAt == null ? ""
                    : "JVM and framework " + Table.seconds(seconds(launchedAt, added)) + ", ";
            return String.format(Locale.ROOT, launch + "resolve %s, install %s, start %s",
                    Table.seconds(seconds(added, marks[0])),
                    Table.seconds(seconds(installing, marks[2])), Table.seconds(seconds(marks[2], done)));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static double seconds(java.time.LocalDateTime from, java.time.LocalDateTime to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String percent(double cpu) {
        return String.format(Locale.ROOT, "%.2f %%", cpu);
    }

    /** Figures of one running Karaf. */
    private record Measured(long heapKib, long metaspaceKib, long threads, double idleCpu) {
    }

    private Measured measure(Karaf karaf) throws Exception {
        Thread.sleep(settleSeconds * 1000L);
        run(List.of(jcmd(), Long.toString(karaf.pid()), "GC.run"));
        String heap = run(List.of(jcmd(), Long.toString(karaf.pid()), "GC.heap_info"));
        long heapKib = 0;
        long metaspaceKib = 0;
        boolean inHeap = true;
        for (String line : heap.split("\n")) {
            if (line.strip().startsWith("Metaspace")) {
                inHeap = false;
                metaspaceKib = kib(line, "used");
            } else if (inHeap && line.contains("total") && line.contains("used")) {
                heapKib += kib(line, "used"); // G1: one line; Serial or Parallel: one per generation
            }
        }
        String counters = run(List.of(jcmd(), Long.toString(karaf.pid()), "PerfCounter.print"));
        Matcher threads = Pattern.compile("java\\.threads\\.live=(\\d+)").matcher(counters);
        long liveThreads = threads.find() ? Long.parseLong(threads.group(1)) : -1;
        long before = cpuTicks(karaf.pid());
        long start = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        long used = cpuTicks(karaf.pid()) - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measured(heapKib, metaspaceKib, liveThreads, 100.0 * used / clockTicks / seconds);
    }

    private static long kib(String line, String label) {
        Matcher m = Pattern.compile(label + " (\\d+)K").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** utime + stime of the process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    /** Seconds from {@code startNanos} until health answers UP. */
    private double untilHealthUp(Karaf karaf, int port, long startNanos) throws Exception {
        URL health = new URL("http://localhost:" + port + "/stkpush/api/health");
        long deadline = System.nanoTime() + BOOT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!karaf.process().isAlive()) {
                throw new IllegalStateException("Karaf in " + karaf.home() + " exited; see its data/log/karaf.log");
            }
            try {
                HttpURLConnection c = (HttpURLConnection) health.openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (body.startsWith("{\"status\":\"UP\"")) {
                        return (System.nanoTime() - startNanos) / 1e9;
                    }
                }
                c.disconnect();
            } catch (IOException notYet) {
                // not listening yet, or the resource not registered yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("health did not answer UP within " + BOOT_LIMIT + "; see " + karaf.home()
                + "/data/log/karaf.log");
    }

    /** Karaf's JMX connector once it answers (the management feature is among the stock boot features). */
    private JMXConnector connect(Karaf karaf, int registryPort, int serverPort) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://localhost:" + serverPort + "/jndi/rmi://localhost:"
                + registryPort + "/karaf-root");
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnector.CREDENTIALS, new String[] {"karaf", "karaf"});
        long deadline = System.nanoTime() + BOOT_LIMIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!karaf.process().isAlive()) {
                throw new IllegalStateException("Karaf in " + karaf.home() + " exited; see its data/log/karaf.log");
            }
            try {
                JMXConnector connector = JMXConnectorFactory.connect(url, env);
                connector.getMBeanServerConnection().getMBeanInfo(
                        new ObjectName("org.apache.karaf:type=feature,name=root"));
                return connector;
            } catch (Exception e) {
                last = e;
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("Karaf's JMX did not answer within " + BOOT_LIMIT + ": " + last);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }

    /** A Karaf started with {@code bin/karaf daemon}, which execs the JVM: the process is the JVM itself. */
    private record Karaf(Path home, Process process, long startedNanos, java.time.LocalDateTime launchedAt) {

        static Karaf start(Path home) throws IOException {
            long started = System.nanoTime();
            java.time.LocalDateTime launchedAt = java.time.LocalDateTime.now(); // karaf.log's clock: local time
            Process process = new ProcessBuilder(home.resolve("bin/karaf").toString(), "daemon")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("karaf-console.out").toFile())
                    .start();
            // interrupted (Ctrl-C), the benchmark must not leave a Karaf running
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            return new Karaf(home, process, started, launchedAt);
        }

        long pid() {
            return process.pid();
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: Karaf's shutdown hook stops the framework
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
