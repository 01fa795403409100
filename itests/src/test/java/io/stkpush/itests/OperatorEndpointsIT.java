package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Hostile input against the operator API (issue 11): every operator endpoint refuses everyone but an operator, the
 * table of endpoints is checked against what the JAX-RS whiteboard really serves (so a new endpoint without an
 * entry fails here), and after real traffic no configured secret shows in the log, the health answer, an error
 * answer or any service property. Tests run in name order: the secrets check comes last and sees the matrix's
 * traffic too.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class OperatorEndpointsIT {

    /** Every operator endpoint as the whiteboard reports it: method and path template. */
    private static final List<String> OPERATOR_ENDPOINTS = List.of(
            "GET /stkpush/api/subscribers",
            "GET /stkpush/api/subscribers/{id}",
            "POST /stkpush/api/pushes",
            "GET /stkpush/api/pushes",
            "GET /stkpush/api/pushes/{pushId}",
            "POST /stkpush/api/pushes/{pushId}/stop-waiting",
            "GET /stkpush/api/payments",
            "POST /stkpush/api/payments/{paymentId}/link",
            "POST /stkpush/api/events/tickets",
            "GET /stkpush/api/plans",
            "POST /stkpush/api/renewals",
            "GET /stkpush/api/renewals",
            "GET /stkpush/api/renewals/{id}",
            "POST /stkpush/api/renewals/{id}/link-and-renew",
            "POST /stkpush/api/renewals/{id}/retry");

    /** Served without an operator on purpose, each with why. */
    private static final Map<String, String> PUBLIC_ON_PURPOSE = publicOnPurpose();

    private static Map<String, String> publicOnPurpose() {
        Map<String, String> open = new LinkedHashMap<>();
        open.put("GET /stkpush/api/health", "monitoring probes it without a login; it reveals no secret");
        String daraja = "Daraja calls it without a login; the per-push HMAC token in the URL is the guard";
        open.put("POST /hooks/daraja/stk/{pushId}/{token}", daraja);
        open.put("POST /hooks/daraja/c2b/validation/{token}", daraja);
        open.put("POST /hooks/daraja/c2b/confirmation/{token}", daraja);
        String simulator = "the Daraja simulator, a test double that stands for Safaricom's public API";
        open.put("GET /daraja-sim/oauth/v1/generate", simulator);
        open.put("POST /daraja-sim/mpesa/stkpush/v1/processrequest", simulator);
        open.put("POST /daraja-sim/mpesa/stkpushquery/v1/query", simulator);
        open.put("POST /daraja-sim/mpesa/c2b/{version: v1|v2}/registerurl", simulator);
        open.put("POST /daraja-sim/mpesa/c2b/{version: v1|v2}/simulate", simulator);
        String phone = "the simulator's virtual phone, a test double for the subscriber's handset";
        open.put("GET /daraja-sim/phone", phone);
        open.put("GET /daraja-sim/phone/prompts", phone);
        open.put("POST /daraja-sim/phone/prompts/{checkoutRequestId}/pin", phone);
        open.put("POST /daraja-sim/phone/prompts/{checkoutRequestId}/cancel", phone);
        open.put("GET /daraja-sim/phone/c2b", phone);
        open.put("POST /daraja-sim/phone/c2b", phone);
        String record = "the simulator's own record of what it charged, a test double's books";
        open.put("GET /daraja-sim/ledger", record);
        open.put("DELETE /daraja-sim/ledger", record);
        return open;
    }

    /** The Karaf user added here: logs in through the real realm but has no stkpush-operator role. */
    private static final Caller CLERK = Caller.basic("clerk", "clerk");
    private static final Caller NOBODY = new Caller("no credentials", null);
    /**
     * An operator of its own whose password is guessed: after a few wrong guesses the name is locked out (karaf-login
     * slows brute force), which answers the same 401, and the demo operator stays free for the rest of the test.
     */
    private static final Caller WRONG_PASSWORD = Caller.basic("guessed", "not-the-password");
    private static final Caller OPERATOR = Caller.basic("operator", "operator");

    private static final String SOME_ID = "00000000-0000-4000-8000-000000000000";

    private static boolean settled;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onH2(), StkpushKaraf.darajaAgainstSimulator(),
            StkpushKaraf.fastPushFlow(), editConfigurationFilePut("etc/users.properties", "clerk", "clerk,viewer"),
            editConfigurationFilePut("etc/users.properties", "guessed", "guessed,stkpush-operator")};
    }

    @Before
    public void operatorApiIsUp() throws Exception {
        if (settled) {
            return;
        }
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        OperatorApi api = OperatorApi.demoOperator();
        assertEquals(200, api.getUntil("/stkpush/api/subscribers?q=a", r -> r.status() == 200,
                HealthOnH2IT.BOOT).status());
        assertEquals(200, api.getUntil("/stkpush/api/plans", r -> r.status() == 200, HealthOnH2IT.BOOT).status());
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        settled = true;
    }

    @Test
    public void everyEndpointServedIsInTheTableOrPublicOnPurpose() throws Exception {
        Set<String> expected = new TreeSet<>(OPERATOR_ENDPOINTS);
        expected.addAll(PUBLIC_ON_PURPOSE.keySet());
        // resources arrive one by one while the features settle: wait until all known ones are served
        long deadline = System.nanoTime() + HealthOnH2IT.BOOT.toNanos();
        Set<String> served = servedEndpoints();
        while (!served.containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(250); // poll interval; the deadline bounds the wait
            served = servedEndpoints();
        }
        Set<String> unlisted = new TreeSet<>(served);
        unlisted.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(served);
        assertTrue("served but in no table of this test (add it to OPERATOR_ENDPOINTS, or to PUBLIC_ON_PURPOSE"
                + " with why): " + unlisted, unlisted.isEmpty());
        assertTrue("in the table but not served: " + missing + "; served: " + served, missing.isEmpty());
    }

    @Test
    public void everyOperatorEndpointRefusesAllButTheOperator() throws Exception {
        List<String> wrong = new ArrayList<>();
        Http.Answer refusal = null;
        for (String endpoint : OPERATOR_ENDPOINTS) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]+}", SOME_ID);
            for (Caller caller : List.of(NOBODY, WRONG_PASSWORD, CLERK)) {
                Reply reply = caller.call(method, path);
                if (reply.status() != 401) {
                    wrong.add(endpoint + " as " + caller.name() + ": " + reply.status() + " " + reply.body());
                    continue;
                }
                assertPlainRefusal(endpoint + " as " + caller.name(), reply);
                if (refusal == null) {
                    refusal = new Http.Answer(reply.status(), reply.body());
                } else if (!refusal.body().equals(reply.body())) {
                    wrong.add(endpoint + " as " + caller.name() + ": another refusal " + reply.body());
                }
            }
            Reply operator = OPERATOR.call(method, path);
            if (operator.status() == 401 || operator.status() == 403 || operator.status() >= 500) {
                wrong.add(endpoint + " as the operator: " + operator.status() + " " + operator.body());
            }
        }
        assertTrue(String.join("\n", wrong), wrong.isEmpty());
        // the clerk was refused for the role, not for a wrong password: the users.properties entry took
        assertTrue("the clerk's login worked but lacked the role", karafLog()
                .contains("'clerk' logged in but lacks the role 'stkpush-operator'"));
        // 15 wrong guesses for one name: karaf-login locked it out after the fifth (same 401, JAAS no longer asked)
        assertTrue("the guessed name was locked out", karafLog()
                .contains("Operator logins as 'guessed' are refused for"));
        assertNotNull(refusal);
        assertEquals("{\"error\":\"unauthenticated\",\"message\":\"Log in as an operator.\"}", refusal.body());
    }

    @Test
    public void secretsAppearNowhereAfterPushesThroughTheSimulator() throws Exception {
        OperatorApi api = OperatorApi.demoOperator();
        // paid by callback (token, push, callback) and paid by status query alone (token, push, queries)
        for (String subscriber : List.of("sub-0001", "sub-0006")) {
            OperatorApi.Reply sent = api.post("/stkpush/api/pushes",
                    "{\"subscriberId\":\"" + subscriber + "\",\"amount\":1500}");
            assertEquals(sent.body(), 202, sent.status());
            String pushId = sent.json().get("pushId").asText();
            OperatorApi.Reply done = api.getUntil("/stkpush/api/pushes/" + pushId,
                    r -> r.status() == 200 && "CONFIRMED".equals(r.json().get("status").asText()),
                    Duration.ofSeconds(30));
            assertEquals(done.body(), "CONFIRMED", done.json().get("status").asText());
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("the consumer secret", "itest-secret");
        secrets.put("the consumer key", "itest-key");
        secrets.put("the Daraja sign-in (Basic key:secret)", base64("itest-key:itest-secret"));
        secrets.put("the passkey", StkpushKaraf.SANDBOX_PASSKEY);
        secrets.put("the callback HMAC key", StkpushKaraf.CALLBACK_KEY);
        secrets.put("the operator's Basic credentials", base64("operator:operator"));

        List<String> leaks = new ArrayList<>();
        String logText = karafLog();
        assertTrue("the log is read", logText.contains("Callbacks: source address check"));
        findIn("karaf.log", logText, secrets, leaks);

        Http.Answer health = Http.get(HealthOnH2IT.HEALTH);
        assertEquals(health.body(), 200, health.status());
        findIn("the health answer", health.body(), secrets, leaks);

        List<Reply> errors = List.of(
                OPERATOR.call("POST", "/stkpush/api/pushes", "{\"subscriberId\":"),
                OPERATOR.call("POST", "/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":-1}"),
                OPERATOR.call("GET", "/stkpush/api/pushes/" + SOME_ID),
                OPERATOR.call("GET", "/stkpush/api/pushes/not-an-id"),
                OPERATOR.call("POST", "/stkpush/api/renewals", "[]"),
                WRONG_PASSWORD.call("GET", "/stkpush/api/payments"),
                NOBODY.call("POST", "/hooks/daraja/stk/" + SOME_ID + "/0123456789abcdef0123456789abcdef", "{}"));
        for (Reply error : errors) {
            assertTrue(error.status() + " " + error.body(), error.status() >= 400);
            findIn("the error answer " + error.status() + " " + error.body(), error.body(), secrets, leaks);
        }

        int properties = 0;
        for (ServiceReference<?> reference : context.getAllServiceReferences(null, null)) {
            String service = "the service " + text(reference.getProperty("objectClass")) + " of "
                    + reference.getBundle();
            for (String key : reference.getPropertyKeys()) {
                properties++;
                findIn(service, key + "=" + text(reference.getProperty(key)), secrets, leaks);
            }
        }
        assertTrue("service properties were read", properties > 100);
        assertTrue("secrets found:\n" + String.join("\n", leaks), leaks.isEmpty());
    }

    // ------------------------------------------------------------------------------------------------------

    private static String karafLog() throws IOException {
        return Files.readString(Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"),
                StandardCharsets.ISO_8859_1);
    }

    private static void assertPlainRefusal(String what, Reply reply) {
        assertTrue(what + ": JSON, " + reply.contentType(), reply.contentType() != null
                && reply.contentType().startsWith("application/json"));
        for (String trace : List.of("Exception", "\tat ", ".java:", "Caused by")) {
            assertFalse(what + ": a stack trace: " + reply.body(), reply.body().contains(trace));
        }
    }

    private static void findIn(String where, String text, Map<String, String> secrets, List<String> leaks) {
        secrets.forEach((name, value) -> {
            int at = text.indexOf(value);
            if (at >= 0) {
                int from = text.lastIndexOf('\n', at) + 1;
                int to = text.indexOf('\n', at);
                String line = text.substring(from, to < 0 ? text.length() : to);
                leaks.add(name + " in " + where + ": " + (line.length() > 400 ? line.substring(0, 400) : line));
            }
        });
    }

    private static String text(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(text(Array.get(value, i)));
            }
            return items.toString();
        }
        return String.valueOf(value);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * "METHOD /path" of every resource method the JAX-RS whiteboard serves, read from its runtime DTOs. Read by
     * reflection: the test module does not compile against the JAX-RS whiteboard API, and the probe's dynamic
     * imports find the DTO classes in Karaf anyway.
     */
    private Set<String> servedEndpoints() throws Exception {
        Set<String> served = new TreeSet<>();
        ServiceReference<?>[] runtimes = context.getAllServiceReferences(
                "org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime", null);
        assertNotNull("the JAX-RS whiteboard runtime", runtimes);
        for (ServiceReference<?> reference : runtimes) {
            Object runtime = context.getService(reference);
            try {
                Method getRuntimeDTO = interfaceNamed(runtime.getClass(),
                        "org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime").getMethod("getRuntimeDTO");
                Object dto = getRuntimeDTO.invoke(runtime);
                List<Object> applications = new ArrayList<>();
                applications.add(field(dto, "defaultApplication"));
                Object others = field(dto, "applicationDTOs");
                for (int i = 0; others != null && i < Array.getLength(others); i++) {
                    applications.add(Array.get(others, i));
                }
                for (Object application : applications) {
                    if (application == null) {
                        continue;
                    }
                    String base = String.valueOf(field(application, "base"));
                    Object resources = field(application, "resourceDTOs");
                    for (int r = 0; resources != null && r < Array.getLength(resources); r++) {
                        Object methods = field(Array.get(resources, r), "resourceMethods");
                        for (int m = 0; methods != null && m < Array.getLength(methods); m++) {
                            Object info = Array.get(methods, m);
                            served.add(field(info, "method") + " "
                                    + normalised(base + "/" + field(info, "path")));
                        }
                    }
                }
            } finally {
                context.ungetService(reference);
            }
        }
        return served;
    }

    private static String normalised(String path) {
        String single = ("/" + path).replaceAll("/{2,}", "/");
        return single.length() > 1 && single.endsWith("/") ? single.substring(0, single.length() - 1) : single;
    }

    private static Class<?> interfaceNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
            }
        }
        throw new AssertionError(type + " is not a " + name);
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        return dto.getClass().getField(name).get(dto);
    }

    private record Reply(int status, String contentType, String body) {
    }

    /** Someone calling the API: a name for the failure messages and the Authorization header, if any. */
    private record Caller(String name, String authorization) {

        static Caller basic(String user, String password) {
            return new Caller(user + "/" + password, "Basic " + base64(user + ":" + password));
        }

        Reply call(String method, String path) throws IOException {
            return call(method, path, "POST".equals(method) ? "{}" : null);
        }

        Reply call(String method, String path, String json) throws IOException {
            HttpURLConnection c = (HttpURLConnection) new URL(Http.url(path)).openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(2000);
            c.setReadTimeout(30_000);
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            c.setRequestProperty("Accept", "application/json");
            if (json != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Reply(status, c.getContentType(), body);
        }
    }
}
