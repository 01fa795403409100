package io.stkpush.daraja.simulator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A simulator wired as in Karaf (sandbox + resources), with a scheduler the test controls and a local callback
 * server, plus a small Daraja client for the tests: token, push, query, C2B.
 */
final class SandboxFixture implements AutoCloseable {

    static final String JSON_TYPE = "application/json";
    static final String CALLBACK_PATH = "/hooks/daraja/stk/push-1/token";

    final TestScheduler scheduler = new TestScheduler();
    /** How long each lost or slow answer (scenario 13, faults) held its request; recorded instead of waited. */
    final List<Duration> holds = new CopyOnWriteArrayList<>();
    final CallbackServer callbacks;
    final MpesaSandbox sandbox;
    final OAuthResource oauth;
    final StkPushResource stk;
    final C2bResource c2b;
    final VirtualPhoneResource phone;
    final LedgerResource ledger;
    private String bearer;

    /** Delays of an hour: nothing happens until the test fires the scheduled tasks. */
    SandboxFixture() throws IOException {
        this(SimulatorSettings.defaults().withDelays(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3)),
                Clock.systemUTC());
    }

    SandboxFixture(SimulatorSettings settings, Clock clock) throws IOException {
        callbacks = new CallbackServer();
        sandbox = new MpesaSandbox(settings, clock, scheduler, new HttpCallbackSender());
        oauth = new OAuthResource(sandbox, holds::add);
        stk = new StkPushResource(sandbox, holds::add);
        c2b = new C2bResource(sandbox, holds::add);
        phone = new VirtualPhoneResource(sandbox);
        ledger = new LedgerResource(sandbox);
    }

    String bearer() {
        if (bearer == null) {
            Response r = oauth.generate("client_credentials", basic("key", "secret"));
            assertEquals(200, r.getStatus());
            bearer = "Bearer " + json(r).get("access_token").asText();
        }
        return bearer;
    }

    static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static String timestamp() {
        return DarajaIds.TIMESTAMP.format(ZonedDateTime.now(DarajaIds.EAT));
    }

    static String password(String shortCode, String timestamp) {
        return Base64.getEncoder().encodeToString((shortCode + SimulatorSettings.SANDBOX_PASSKEY + timestamp)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The official sample body, with numbers where the sample has them, for {@code phone} and {@code amount}. */
    ObjectNode pushBody(String phone, long amount) {
        String ts = timestamp();
        ObjectNode b = RequestBody.JSON.createObjectNode();
        b.put("BusinessShortCode", 174379);
        b.put("Password", password("174379", ts));
        b.put("Timestamp", ts);
        b.put("TransactionType", "CustomerPayBillOnline");
        b.put("Amount", String.valueOf(amount));
        b.put("PartyA", phone);
        b.put("PartyB", "174379");
        b.put("PhoneNumber", phone);
        b.put("CallBackURL", callbacks.url(CALLBACK_PATH).toString());
        b.put("AccountReference", "ACC-1001");
        b.put("TransactionDesc", "Internet");
        return b;
    }

    Response push(ObjectNode body) {
        return stk.processRequest(bearer(), JSON_TYPE, text(body));
    }

    /** Pushes and expects acceptance; returns the CheckoutRequestID. */
    String accepted(String phone, long amount) {
        Response r = push(pushBody(phone, amount));
        assertEquals(200, r.getStatus(), () -> "push refused: " + text(json(r)));
        return json(r).get("CheckoutRequestID").asText();
    }

    Response query(String checkoutRequestId) {
        String ts = timestamp();
        ObjectNode b = RequestBody.JSON.createObjectNode();
        b.put("BusinessShortCode", "174379");
        b.put("Password", password("174379", ts));
        b.put("Timestamp", ts);
        b.put("CheckoutRequestID", checkoutRequestId);
        return stk.query(bearer(), JSON_TYPE, text(b));
    }

    /** The STK callbacks received so far, as JSON. */
    java.util.List<JsonNode> stkCallbacks() {
        return callbacks.on(CALLBACK_PATH).stream().map(CallbackServer.Received::json).toList();
    }

    /** {@code GET /daraja-sim/ledger}. */
    JsonNode ledger() {
        return json(ledger.ledger(null));
    }

    /** The ledger's entries for one CheckoutRequestID (a prompt must be there once). */
    List<JsonNode> ledgerEntries(String checkoutRequestId) {
        List<JsonNode> found = new java.util.ArrayList<>();
        ledger().get("prompts").forEach(p -> {
            if (p.get("checkoutRequestId").asText().equals(checkoutRequestId)) {
                found.add(p);
            }
        });
        return found;
    }

    /** Applies fault settings live, as a configuration change would. */
    void faults(FaultSettings faults) {
        sandbox.configure(sandbox.settings().withFaults(faults));
    }

    URI url(String path) {
        return callbacks.url(path);
    }

    static JsonNode json(Response r) {
        return (JsonNode) r.getEntity();
    }

    /** The JSON text exactly as the Jackson provider would write it. */
    static String text(Object node) {
        try {
            return RequestBody.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        callbacks.close();
    }
}
