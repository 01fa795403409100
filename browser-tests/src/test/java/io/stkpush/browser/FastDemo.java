package io.stkpush.browser;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo Karaf with its clock shortened for the portal's tests: the Daraja client talks to the simulator on this
 * Karaf's own port, scripted answers come after {@value #SUCCESS_DELAY_MS} ms, and the operator's waiting window
 * is {@value #WINDOW_SECONDS} s (status queries every second) instead of 96 s. A virtual-phone prompt stays open
 * a minute, long enough for a test to pay it after Stop Waiting.
 */
final class FastDemo {

    static final int WINDOW_SECONDS = 10;
    static final long SUCCESS_DELAY_MS = 300;

    private FastDemo() {
    }

    static DemoKaraf start() throws Exception {
        return start(Map.of());
    }

    /** As {@link #start()}, with more etc files (whole files, e.g. {@code io.stkpush.renewal.cfg}). */
    static DemoKaraf start(Map<String, List<String>> moreEtc) throws Exception {
        String base = "http://localhost:" + DemoKaraf.HTTP_PORT;
        // the whole file: with it present, the demo feature's own copy (pointing at port 8181) is not written
        List<String> daraja = List.of("environment = custom", "baseUrl = " + base + "/daraja-sim",
                "consumerKey = demo-consumer-key", "consumerSecret = demo-consumer-secret", "shortCode = 174379",
                "passkey = bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919", "mode = paybill",
                "callbackBaseUrl = " + base, "accountReference = DemoISP", "transactionDesc = Internet bill",
                // the local simulator: no budget for a dialog to wait on (the budget is unit-tested)
                "busyRetryDelayMillis = 20", "requestsPerSecond = 200", "statusQueriesPerSecond = 100");
        Map<String, List<String>> etc = new HashMap<>(Map.of(
                "io.stkpush.daraja.cfg", daraja,
                "io.stkpush.daraja.simulator.cfg",
                List.of("successDelay = " + SUCCESS_DELAY_MS, "promptLifetime = 60000"),
                "io.stkpush.poller.cfg",
                List.of("intervalSeconds = 1", "attempts = " + WINDOW_SECONDS, "tickMillis = 200",
                        "firstQuerySeconds = 1", "queryIntervalSeconds = 1", "jitterPercent = 0")));
        etc.putAll(moreEtc);
        DemoKaraf karaf = DemoKaraf.start(etc);
        try {
            new OperatorApi(karaf.url("")).awaitReady(List.of("/stkpush/api/subscribers?q=Grace",
                    "/portal/payments.html", "/stkpush/ui/stk-push-dialog.js"), Duration.ofSeconds(60));
        } catch (Throwable e) {
            karaf.close();
            throw e;
        }
        return karaf;
    }
}
