package io.stkpush.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Karaf under test: stkpush, the operator login and the demo host (50 subscribers) on a PostgreSQL database,
 * its Daraja client pointed at a {@link DarajaSimulator} in another Karaf. The simulator feature is not booted
 * here: {@code stkpush-demo} would bring it, so the node boots {@code stkpush-fault-host} (the demo's features
 * without the simulator and the web console, written into its etc/) and {@code stkpush-renewal}.
 *
 * <p>Time is short, so a whole mix settles in seconds: status queries every second, an {@value #WINDOW_SECONDS} s
 * waiting window, reconciliation queries 2, 3, then every 5 s after it.
 */
final class StkpushNode implements AutoCloseable {

    static final int WINDOW_SECONDS = 8;
    /** The Daraja client's read timeout: the simulator's lost answer (scenario 13) is held longer. */
    static final int READ_TIMEOUT_SECONDS = 5;

    private static final Duration READY = Duration.ofSeconds(120);
    private static final List<String> OPERATOR_PATHS = List.of("/stkpush/api/subscribers?q=Grace",
            "/stkpush/api/pushes?needsReview=true", "/stkpush/api/plans");

    private final ExternalKaraf karaf;
    private final OperatorApi api;

    private StkpushNode(ExternalKaraf karaf) {
        this.karaf = karaf;
        this.api = new OperatorApi(karaf.url(""));
    }

    /**
     * @param nodeId    the poller's node id
     * @param jdbcUrl   the ledger's PostgreSQL database (user and password {@code postgres})
     * @param hmacKey   the callback key (the same on every node sharing the database)
     * @param simulator the Daraja this node talks to (its base URL; it may still be starting)
     * @param moreEtc   more lines per etc file (appended, later keys win), e.g. {@code io.stkpush.poller.cfg}
     * @return the node, unpacked, not started yet ({@link #start()})
     */
    static StkpushNode prepare(String nodeId, String jdbcUrl, String hmacKey, DarajaSimulator simulator,
            Map<String, List<String>> moreEtc) throws Exception {
        String itself = "http://localhost:" + ExternalKaraf.HTTP_PORT;
        Map<String, List<String>> etc = new HashMap<>(Map.of(
                // whole files: with them present the features' own copies (H2, port 8181) are not written
                "org.ops4j.datasource-stkpush.cfg", List.of("dataSourceName = stkpush",
                        "osgi.jdbc.driver.name = PostgreSQL JDBC Driver", "url = " + jdbcUrl,
                        "user = " + ThrowawayPostgres.USER, "password = " + ThrowawayPostgres.PASSWORD,
                        "pool = hikari", "xa = false", "hikari.maximumPoolSize = 8",
                        "hikari.connectionTimeout = 5000"),
                "io.stkpush.daraja.cfg", List.of("environment = custom", "baseUrl = " + simulator.baseUrl(),
                        "consumerKey = fault-tests", "consumerSecret = fault-tests-secret",
                        "shortCode = " + DarajaSimulator.SHORT_CODE, "passkey = " + DarajaSimulator.PASSKEY,
                        "mode = paybill", "callbackBaseUrl = " + itself, "accountReference = DemoISP",
                        "transactionDesc = Internet bill", "readTimeout = " + READ_TIMEOUT_SECONDS,
                        "connectTimeout = 2", "requestsPerSecond = 100", "statusQueriesPerSecond = 50",
                        "busyRetryDelayMillis = 50"),
                // C2B URLs registered: a paid Paybill prompt is confirmed twice (STK callback and C2B), as live
                "io.stkpush.callback.cfg", List.of("allowListMode = off", "hmacKey = " + hmacKey,
                        "registerC2bUrls = true", "c2bApiVersion = v2"),
                "io.stkpush.poller.cfg", List.of("nodeId = " + nodeId, "intervalSeconds = 1",
                        "attempts = " + WINDOW_SECONDS, "reconciliationBackoff = 2,3,5", "tickMillis = 200",
                        "firstQuerySeconds = 1", "queryIntervalSeconds = 1")));
        moreEtc.forEach((file, lines) -> etc.merge(file, lines, (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        etc.put("org.apache.karaf.features.cfg", List.of("featuresRepositories = "
                + "mvn:org.apache.karaf.features/standard/4.4.10/xml/features, "
                + "mvn:org.apache.karaf.features/framework/4.4.10/xml/features, "
                + "mvn:io.stkpush/stkpush-features/" + version() + "/xml/features, "
                + "file:${karaf.etc}/stkpush-fault-host.xml"));
        etc.put("stkpush-fault-host.xml", List.of(hostFeature()));
        List<String> boot = new ArrayList<>(DarajaSimulator.KARAF_BOOT);
        boot.addAll(List.of("stkpush-fault-host", "stkpush-renewal"));
        return new StkpushNode(ExternalKaraf.prepare(nodeId, etc, boot, List.of("/stkpush/api/health")));
    }

    /** Boots it and waits for the operator API. */
    void start() throws Exception {
        karaf.launchRetryingOnce();
        try {
            awaitOperatorApi();
        } catch (Throwable e) {
            karaf.close();
            throw e;
        }
    }

    /**
     * {@code stkpush-fault-host}: {@code stkpush-demo} without the simulator and the web console. No XML
     * declaration, as the etc lines are appended after a line break.
     */
    private static String hostFeature() {
        return """
                <features name="stkpush-fault-tests" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                    <feature name="stkpush-fault-host" version="%1$s"
                             description="stkpush-demo without the simulator and the web console">
                        <feature>stkpush</feature>
                        <feature>stkpush-karaf-login</feature>
                        <feature>stkpush-daraja</feature>
                        <bundle>mvn:io.stkpush/demo-host/%1$s</bundle>
                    </feature>
                </features>
                """.formatted(version());
    }

    ExternalKaraf karaf() {
        return karaf;
    }

    OperatorApi api() {
        return api;
    }

    /** {@code kill -9}, then the same Karaf started again on its data, until the operator API answers. */
    void killAndRestart(Runnable whileDead) throws Exception {
        karaf.kill();
        whileDead.run();
        karaf.restart();
        awaitOperatorApi();
    }

    void awaitOperatorApi() throws InterruptedException {
        api.awaitReady(OPERATOR_PATHS, READY);
    }

    @Override
    public void close() throws Exception {
        karaf.close();
    }

    private static String version() {
        return System.getProperty("stkpush.version", "0.1.0-SNAPSHOT");
    }
}
