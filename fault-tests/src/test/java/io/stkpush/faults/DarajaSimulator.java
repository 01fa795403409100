package io.stkpush.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Daraja simulator in a Karaf of its own (the assembly booting only {@code stkpush-daraja-simulator}), outside
 * the Karaf under test, so it keeps charging phones and POSTing callbacks while that one is killed or churned.
 * Its record of what it charged ({@code /daraja-sim/ledger}) is what {@link LedgerCheck} holds the ledger to.
 */
final class DarajaSimulator implements AutoCloseable {

    static final String PID = "io.stkpush.daraja.simulator";
    static final String SHORT_CODE = "174379";
    static final String PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

    /** Karaf's own boot features (shell and ssh for the console, config for config:property-set), no stkpush. */
    static final List<String> KARAF_BOOT = List.of("instance", "package", "log", "ssh", "framework", "system",
            "eventadmin", "feature", "shell", "management", "service", "jaas", "deployer", "diagnostic", "wrap",
            "bundle", "config", "kar");

    private final ExternalKaraf karaf;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private DarajaSimulator(ExternalKaraf karaf) {
        this.karaf = karaf;
    }

    /**
     * Unpacked, its port chosen, not started yet ({@link #start()}).
     *
     * @param settings simulator settings (PID {@value #PID}) from the start, e.g. {@code successDelay = 300}
     */
    static DarajaSimulator prepare(Map<String, String> settings) throws Exception {
        List<String> boot = new ArrayList<>(KARAF_BOOT);
        boot.add("stkpush-daraja-simulator");
        List<String> cfg = settings.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList();
        return new DarajaSimulator(ExternalKaraf.prepare("simulator", Map.of(PID + ".cfg", cfg), boot,
                List.of("/daraja-sim/phone/c2b")));
    }

    void start() throws Exception {
        karaf.launchRetryingOnce();
    }

    /** The base URL a Daraja client is pointed at ({@code environment = custom}). */
    String baseUrl() {
        return karaf.url("/daraja-sim");
    }

    ExternalKaraf karaf() {
        return karaf;
    }

    /**
     * Changes settings live, through ConfigAdmin as an administrator would (one edit session, values without
     * spaces), and checks that ConfigAdmin holds them.
     */
    void configure(Map<String, String> settings) throws Exception {
        String edit = settings.entrySet().stream()
                .map(e -> "config:property-set " + e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("\n", "config:edit " + PID + "\n", "\nconfig:update"));
        karaf.console(edit);
        String held = karaf.console("config:list '(service.pid=" + PID + ")'");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!held.contains(e.getKey() + " = " + e.getValue())) {
                throw new IllegalStateException("the simulator did not take " + e.getKey() + " = " + e.getValue()
                        + ": " + held);
            }
        }
    }

    /** {@code GET /daraja-sim/ledger}: every prompt, request counts, faults injected. */
    JsonNode record() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/ledger"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the simulator's record answered " + answer.statusCode() + " "
                    + answer.body());
        }
        return OperatorApi.JSON.readTree(answer.body());
    }

    /** {@code DELETE /daraja-sim/ledger}: forgets what was recorded so far. */
    void clearRecord() throws Exception {
        int status = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/ledger"))
                .timeout(Duration.ofSeconds(30)).DELETE().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status / 100 != 2) {
            throw new IllegalStateException("clearing the simulator's record answered " + status);
        }
    }

    @Override
    public void close() throws Exception {
        karaf.close();
    }
}
