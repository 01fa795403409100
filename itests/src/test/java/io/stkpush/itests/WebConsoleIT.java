package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The web console tab "M-Pesa STK Push" in the demo assembly, over real HTTP behind the console's own login:
 * the administrator (karaf, role admin) sees the counts, the provider messages with what was done and the
 * configuration with every secret masked, and tests the Daraja connection against the simulator; the operator
 * (not an admin) is refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebConsoleIT {

    static final String TAB = "/system/console/stkpush";
    static final Duration BOOT = HealthOnH2IT.BOOT;

    /** Set once the boot features have settled; the probe's tests share one Karaf. */
    private static boolean settled;

    private final Console admin = new Console("karaf", "karaf");
    private final OperatorApi operator = OperatorApi.demoOperator();

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onH2(), StkpushKaraf.darajaAgainstSimulator(),
            StkpushKaraf.fastPushFlow()};
    }

    /** The tab is there once the ledger and the Daraja client are: counts and the button. */
    @Before
    public void tabIsUp() throws Exception {
        if (settled) {
            return;
        }
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), BOOT);
        Console.Page page = admin.getUntil(p -> p.status() == 200 && p.body().contains("id=\"count-waiting\"")
                && p.body().contains("id=\"stkpush-test-connection\""), BOOT);
        assertEquals(page.body(), 200, page.status());
        settled = true;
    }

    @Test
    public void theAdministratorSeesCountsAndProviderMessagesWithWhatWasDone() throws Exception {
        String pushId = confirmedPushFor("sub-0001");
        String forgedFor = UUID.randomUUID().toString();
        // a callback with a wrong URL token: journaled, then refused
        assertEquals(404, postRaw("/hooks/daraja/stk/" + forgedFor + "/not-the-token", forgedCallback()));
        // the callback settled the push, unless the status query was first (then the callback repeated it)
        Pattern callback = Pattern.compile("<td>STK callback</td><td><code>" + pushId
                + "</code></td><td><code>(SETTLED|DUPLICATE)</code>");

        Console.Page page = admin.getUntil(p -> callback.matcher(p.body()).find() && p.body().contains(forgedFor),
                Duration.ofSeconds(30));

        String html = page.body();
        assertEquals(html, 200, page.status());
        assertTrue(html, html.contains("<title>"));
        assertTrue(html, html.contains("M-Pesa STK Push"));
        for (String count : List.of("waiting", "reconciling", "review", "unredeemed")) {
            assertTrue(count + ": " + html, Pattern.compile("<span id=\"count-" + count + "\">\\d+</span>")
                    .matcher(html).find());
        }
        assertTrue(html, html.contains("<span id=\"poller-lag\">"));
        assertTrue(html, callback.matcher(html).find());
        String errors = html.substring(html.indexOf("<h3>Last errors</h3>"), html.indexOf("<h3>Latest provider"));
        assertTrue(errors, errors.contains("<code>" + forgedFor + "</code></td><td><code>REJECTED</code>"));
        assertTrue(html, html.contains("<a href=\"/portal/payments.html\">Payments</a>"));
        // raw bodies are not shown: neither the subscriber's phone nor the forged callback's
        for (String phone : List.of("254700000000", "0700000000", "254722415717")) {
            assertFalse(phone + " on the page", html.contains(phone));
        }
    }

    @Test
    public void theConfigurationIsShownWithEverySecretMasked() throws Exception {
        Console.Page page = admin.get();

        String html = page.body();
        assertEquals(html, 200, page.status());
        assertTrue(html, html.contains("<tr><th><code>consumerSecret</code></th><td>****</td></tr>"));
        assertTrue(html, html.contains("<tr><th><code>passkey</code></th><td>****</td></tr>"));
        assertTrue(html, html.contains("<tr><th><code>hmacKey</code></th><td>****</td></tr>"));
        assertTrue(html, html.contains("<tr><th><code>shortCode</code></th><td>174379</td></tr>"));
        assertTrue(html, html.contains("id=\"config-org.ops4j.datasource-stkpush\""));
        for (String secret : List.of("itest-secret", "itest-key", StkpushKaraf.SANDBOX_PASSKEY,
                StkpushKaraf.CALLBACK_KEY)) {
            assertFalse(secret + " must not be on the page", html.contains(secret));
        }
    }

    @Test
    public void testingTheDarajaConnectionAnswersWithWhatMpesaSaid() throws Exception {
        String token = admin.formToken();

        Console.Page answer = admin.post("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                Http.url(""));

        assertEquals(answer.body(), 200, answer.status());
        assertTrue(answer.body(), answer.body().contains(
                "<p id=\"stkpush-notice\" class=\"statline ok\"><strong>Connection OK: M-Pesa accepted the "
                        + "consumer key and secret"));
        assertTrue(answer.body(), answer.body().contains("Last sign-in</th><td>Worked at"));
        assertFalse(answer.body(), answer.body().contains("access_token"));
    }

    @Test
    public void aPostFromAnotherSiteOrWithoutTheFormsTokenTestsNothing() throws Exception {
        String token = admin.formToken();

        Console.Page crossSite = admin.post("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                "https://evil.example.com");
        Console.Page noToken = admin.post("", Http.url(""));

        assertEquals(crossSite.body(), 403, crossSite.status());
        assertTrue(crossSite.body(), crossSite.body().contains("Refused: the request came from another site"));
        assertEquals(noToken.body(), 403, noToken.status());
        assertFalse(noToken.body(), noToken.body().contains("Connection OK"));
    }

    @Test
    public void theOperatorWhoIsNoAdministratorIsRefused() throws Exception {
        Console.Page asOperator = new Console("operator", "operator").get();
        Console.Page anonymous = new Console(null, null).get();
        Console.Page wrongPassword = new Console("karaf", "wrong").get();

        for (Console.Page refused : List.of(asOperator, anonymous, wrongPassword)) {
            assertTrue("refused: " + refused.status(), refused.status() == 401 || refused.status() == 403);
            assertFalse(refused.body(), refused.body().contains("id=\"stkpush\""));
        }
        // the operator is still an operator: the portal API answers
        assertEquals(200, operator.get("/stkpush/api/subscribers?q=Grace").status());
    }

    private String confirmedPushFor(String subscriberId) throws Exception {
        OperatorApi.Reply sent = operator.post("/stkpush/api/pushes",
                "{\"subscriberId\":\"" + subscriberId + "\",\"amount\":1500}");
        assertEquals(sent.body(), 202, sent.status());
        String pushId = sent.json().get("pushId").asText();
        OperatorApi.Reply push = operator.getUntil("/stkpush/api/pushes/" + pushId,
                r -> r.status() == 200 && "CONFIRMED".equals(r.json().get("status").asText()), Duration.ofSeconds(30));
        assertEquals(push.body(), "CONFIRMED", push.json().get("status").asText());
        return pushId;
    }

    private static String forgedCallback() {
        return "{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"itest\",\"CheckoutRequestID\":\"ws_CO_forged\","
                + "\"ResultCode\":0,\"ResultDesc\":\"ok\",\"CallbackMetadata\":{\"Item\":[{\"Name\":\"Amount\","
                + "\"Value\":1500},{\"Name\":\"PhoneNumber\",\"Value\":254722415717}]}}}}";
    }

    private static int postRaw(String path, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(Http.url(path)).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return c.getResponseCode();
    }

    /** The web console's tab as a browser uses it, with HTTP Basic credentials (none when the user is null). */
    static final class Console {

        record Page(int status, String body) {
        }

        private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String authorization;

        Console(String user, String password) {
            this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        Page get() throws IOException {
            return call("GET", null, null);
        }

        Page getUntil(Predicate<Page> wanted, Duration within) throws Exception {
            long deadline = System.nanoTime() + within.toNanos();
            Page last = get();
            while (!wanted.test(last) && System.nanoTime() < deadline) {
                Thread.sleep(250); // poll interval; the deadline bounds the wait
                last = get();
            }
            return last;
        }

        /** The token of the page's form, as the browser would send it back. */
        String formToken() throws IOException {
            Page page = get();
            Matcher m = TOKEN.matcher(page.body());
            assertTrue("a form on the page: " + page.body(), m.find());
            return m.group(1);
        }

        /** Sends the page's form; {@code origin} is where the browser says the form was. */
        Page post(String form, String origin) throws IOException {
            return call("POST", form, origin);
        }

        // java.net.http, not HttpURLConnection: that one silently drops an Origin header, as browsers' own
        private Page call(String method, String form, String origin) throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.url(TAB)))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(form));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (origin != null) {
                request.header("Origin", origin);
            }
            if (form != null) {
                request.header("Content-Type", "application/x-www-form-urlencoded");
            }
            try {
                HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Page(answer.statusCode(), answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
