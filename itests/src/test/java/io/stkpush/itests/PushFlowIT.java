package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The operator's STK push end to end in the demo assembly: the operator API, the push service, the Daraja client,
 * the simulator, its callbacks into the callback resource, the poller and the ledger — one test per simulator
 * scenario, asserting what the operator sees and exactly which payments are recorded. The clock is shortened
 * (see {@link StkpushKaraf#fastPushFlow()}): a 5 s window stands for the 96 s one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PushFlowIT {

    /** Set once the boot features have settled; the probe's tests share one Karaf. */
    private static boolean settled;

    private static final Duration SETTLED = Duration.ofSeconds(30);
    private static final List<String> FINAL = List.of("CONFIRMED", "CANCELLED", "TIMEOUT", "FAILED");

    private final OperatorApi api = OperatorApi.demoOperator();

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onH2(), StkpushKaraf.darajaAgainstSimulator(),
            StkpushKaraf.fastPushFlow()};
    }

    /** The probe starts while the boot features may still be settling. */
    @Before
    public void operatorApiIsUp() throws Exception {
        if (settled) {
            return;
        }
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        OperatorApi.Reply subscribers = api.getUntil("/stkpush/api/subscribers?q=Grace", r -> r.status() == 200,
                HealthOnH2IT.BOOT);
        assertEquals(subscribers.body(), 200, subscribers.status());
        // the operator resources come last; the application is re-published once more when they arrive
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        settled = true;
    }

    @Test
    public void scenario00PaymentConfirmedAndRecordedForTheSubscriber() throws Exception {
        JsonNode push = sendAndAwaitFinal("sub-0001", 1500);

        assertEquals("CONFIRMED", push.get("status").asText());
        assertEquals("Payment received and recorded.", push.get("message").asText());
        assertTrue(push.get("receipt").asText().matches("[A-Z0-9]{10}"));
        JsonNode payment = onlyPaymentOf("sub-0001");
        assertEquals(push.get("paymentId").asText(), payment.get("paymentId").asText());
        assertEquals(1500, payment.get("amount").asLong());
        assertEquals(push.get("receipt").asText(), payment.get("receipt").asText());
        assertFalse(payment.get("unredeemed").asBoolean());
    }

    @Test
    public void scenario01CustomerCancelledOnThePhone() throws Exception {
        assertEndsWithoutPayment("sub-0002", "CANCELLED", "The subscriber cancelled the payment on their phone.");
    }

    @Test
    public void scenario02InsufficientBalance() throws Exception {
        assertEndsWithoutPayment("sub-0003", "FAILED", "Insufficient M-Pesa balance.");
    }

    @Test
    public void scenario03WrongPin() throws Exception {
        assertEndsWithoutPayment("sub-0004", "FAILED", "Wrong M-Pesa PIN entered.");
    }

    @Test
    public void scenario04NoResponseFromThePhone() throws Exception {
        assertEndsWithoutPayment("sub-0005", "TIMEOUT", "No response from the subscriber's phone: it may be off or"
                + " out of network. Ask the subscriber to check and retry.");
    }

    @Test
    public void scenario05ConfirmedByPollingAloneWhenTheCallbackNeverComes() throws Exception {
        JsonNode push = sendAndAwaitFinal("sub-0006", 2500);

        assertEquals("CONFIRMED", push.get("status").asText());
        JsonNode payment = onlyPaymentOf("sub-0006");
        assertTrue("the status query has no receipt", payment.get("receipt").isNull());
        assertEquals(2500, payment.get("amount").asLong());
    }

    @Test
    public void scenario06CallbackThreeTimesRecordsOnePayment() throws Exception {
        JsonNode push = sendAndAwaitFinal("sub-0007", 6000);

        assertEquals("CONFIRMED", push.get("status").asText());
        // the second and third copies come right after the first; the payment list stays at one
        assertEquals(1, api.getUntil("/stkpush/api/payments?subscriberId=sub-0007",
                r -> r.json().size() > 1, Duration.ofSeconds(2)).json().size());
    }

    @Test
    public void scenario07CallbackBeforeThePushAnswerIsConfirmed() throws Exception {
        JsonNode push = sendAndAwaitFinal("sub-0008", 1500);

        assertEquals("CONFIRMED", push.get("status").asText());
        assertNotNull(onlyPaymentOf("sub-0008"));
    }

    @Test
    public void scenario08PaidAfterTheWindowTimesOutThenBecomesUnredeemed() throws Exception {
        JsonNode push = sendAndAwaitFinal("sub-0009", 2500);

        assertEquals("TIMEOUT", push.get("status").asText());
        JsonNode late = awaitUnredeemedFor("sub-0009");
        assertEquals("late_payment", late.get("unredeemedReason").asText());
        assertEquals(push.get("pushId").asText(), late.get("pushId").asText());
        assertEquals("TIMEOUT", api.get("/stkpush/api/pushes/" + push.get("pushId").asText()).json()
                .get("status").asText());
        assertEquals(1, api.get("/stkpush/api/payments?subscriberId=sub-0009").json().size());
    }

    @Test
    public void scenario09NumberNotRegisteredForMpesa() throws Exception {
        assertEndsWithoutPayment("sub-0010", "FAILED", "Number not registered for M-Pesa");
    }

    @Test
    public void scenario10SubscriberBusy() throws Exception {
        assertEndsWithoutPayment("sub-0011", "FAILED",
                "The subscriber's phone is busy with another M-Pesa session. Wait a minute and retry.");
    }

    @Test
    public void scenario11LegacyBeingProcessedThenConfirmed() throws Exception {
        JsonNode push = sendAndAwaitFinal("sub-0012", 3500);

        assertEquals("CONFIRMED", push.get("status").asText());
        assertEquals(3500, onlyPaymentOf("sub-0012").get("amount").asLong());
    }

    @Test
    public void scenario12SystemBusy() throws Exception {
        assertEndsWithoutPayment("sub-0013", "FAILED", "M-Pesa is busy. Try again in a few minutes.");
    }

    @Test
    public void scenario13TheAnswerIsLostThePushWaitsIsLeftForReviewAndTheLateCallbackStillCounts()
            throws Exception {
        JsonNode push = send("sub-0014", 1500);
        String pushId = push.get("pushId").asText();
        assertEquals(push.toString(), "WAITING", push.get("status").asText());
        assertTrue("no CheckoutRequestID: the answer was lost", push.get("checkoutRequestId").isNull());

        JsonNode timedOut = awaitFinal(pushId);
        assertEquals("TIMEOUT", timedOut.get("status").asText());
        assertTrue(timedOut.toString(), timedOut.get("needsReview").asBoolean());
        assertTrue(listedForReview(pushId));

        JsonNode held = awaitUnredeemedFor("sub-0014");
        assertEquals("late_payment", held.get("unredeemedReason").asText());
        assertEquals(pushId, held.get("pushId").asText());
        JsonNode after = api.get("/stkpush/api/pushes/" + pushId).json();
        assertFalse("settled after all: " + after, after.get("needsReview").asBoolean());
        assertEquals(held.get("paymentId").asText(), after.get("paymentId").asText());
        assertFalse(listedForReview(pushId));
    }

    @Test
    public void stopWaitingThenALatePaymentIsUnredeemedUntilTheOperatorLinksIt() throws Exception {
        JsonNode push = send("sub-0018", 2500);
        String pushId = push.get("pushId").asText();
        OperatorApi.Reply stopped = api.post("/stkpush/api/pushes/" + pushId + "/stop-waiting", "{}");
        assertEquals(stopped.body(), 200, stopped.status());
        assertEquals("STOPPED", stopped.json().get("status").asText());

        enterPinOnThePhone(push.get("checkoutRequestId").asText(), "1234");

        JsonNode unredeemed = awaitUnredeemedFor("sub-0018");
        assertEquals("late_payment", unredeemed.get("unredeemedReason").asText());
        assertEquals("STOPPED", api.get("/stkpush/api/pushes/" + pushId).json().get("status").asText());
        OperatorApi.Reply linked = api.post("/stkpush/api/payments/" + unredeemed.get("paymentId").asText()
                + "/link", "{\"subscriberId\":\"sub-0018\"}");
        assertEquals(linked.body(), 200, linked.status());
        assertEquals("sub-0018", linked.json().get("subscriberId").asText());
        assertEquals("operator", linked.json().get("linkedBy").asText());
        assertFalse(linked.json().get("linkedAt").isNull());
        OperatorApi.Reply again = api.post("/stkpush/api/payments/" + unredeemed.get("paymentId").asText()
                + "/link", "{\"subscriberId\":\"sub-0018\"}");
        assertEquals("linked once", 409, again.status());
    }

    @Test
    public void aPaymentMadeWhileTheBundlesAreDownIsStillRecordedAfterARestart() throws Exception {
        JsonNode push = send("sub-0015", 1500);
        assertEquals("WAITING", push.get("status").asText());
        List<Bundle> flow = new ArrayList<>();
        for (String name : List.of("io.stkpush.push.service", "io.stkpush.polling.scheduler",
                "io.stkpush.callback.resource", "io.stkpush.payment.ledger")) {
            flow.add(bundle(name));
        }
        for (Bundle bundle : flow) {
            bundle.stop();
        }

        // paid while nothing of the flow runs: the callback finds no one, only the durable schedule remains
        enterPinOnThePhone(push.get("checkoutRequestId").asText(), "1234");
        for (Bundle bundle : flow) {
            bundle.start();
        }

        JsonNode after = awaitFinal(push.get("pushId").asText());
        assertEquals("CONFIRMED", after.get("status").asText());
        assertEquals(1, api.get("/stkpush/api/payments?subscriberId=sub-0015").json().size());
    }

    @Test
    public void aSecondPromptToTheSamePhoneIsRefusedWhileTheFirstIsOpen() throws Exception {
        JsonNode first = send("sub-0016", 1500);

        OperatorApi.Reply second = api.post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0016\",\"amount\":1500}");

        assertEquals(second.body(), 409, second.status());
        assertEquals("prompt_open", second.json().get("error").asText());
        api.post("/stkpush/api/pushes/" + first.get("pushId").asText() + "/stop-waiting", "{}");
    }

    @Test
    public void theOperatorApiNeedsAnOperator() throws Exception {
        OperatorApi.Reply anonymous = new OperatorApi("nobody", "wrong").get("/stkpush/api/subscribers?q=a");
        assertEquals(401, anonymous.status());
        assertEquals("unauthenticated", anonymous.json().get("error").asText());
        // Karaf's own admin logs in through the real JAAS realm but lacks the stkpush-operator role
        OperatorApi.Reply karafAdmin = new OperatorApi("karaf", "karaf").get("/stkpush/api/subscribers?q=a");
        assertEquals(karafAdmin.body(), 401, karafAdmin.status());
        assertEquals(200, api.get("/stkpush/api/subscribers?q=a").status());
    }

    @Test
    public void forgedMalformedOversizedAndReplayedCallbacks() throws Exception {
        JsonNode push = send("sub-0017", 1500);
        String pushId = push.get("pushId").asText();
        String hook = "/hooks/daraja/stk/" + pushId + "/";
        String valid = hook + stkToken(pushId);
        String success = successCallback(push.get("merchantRequestId").asText(),
                push.get("checkoutRequestId").asText(), 1500, "ITESTREPL1");

        assertEquals("forged token", 404, postRaw(hook + "0123456789abcdef0123456789abcdef", success));
        assertEquals("another push's token", 404, postRaw(hook + stkToken("b1b0c0a8-1111-4222-8333-944455556666"),
                success));
        assertEquals("malformed", 400, postRaw(valid, "{\"Body\":{\"stkCallback\":"));
        assertEquals("oversized", 413, postRaw(valid, "{\"pad\":\"" + "x".repeat(70_000) + "\"}"));
        assertEquals("still waiting after refused callbacks", "WAITING",
                api.get("/stkpush/api/pushes/" + pushId).json().get("status").asText());

        assertEquals(200, postRaw(valid, success));
        assertEquals("replayed", 200, postRaw(valid, success));

        assertEquals("CONFIRMED", awaitFinal(pushId).get("status").asText());
        JsonNode payment = onlyPaymentOf("sub-0017");
        assertEquals("ITESTREPL1", payment.get("receipt").asText());
    }

    @Test
    public void moneyReportedForAPushTheLedgerDoesNotKnowIsHeldUnredeemed() throws Exception {
        String unknownPush = "5d1c7a3e-2b4f-4c6d-8e9f-0a1b2c3d4e5f";
        String hook = "/hooks/daraja/stk/" + unknownPush + "/" + stkToken(unknownPush);

        assertEquals(200, postRaw(hook, successCallback("29115-ITESTORPHAN", "ws_CO_ITESTORPHAN", 900,
                "ITESTORPH1")));

        JsonNode unredeemed = api.get("/stkpush/api/payments?unredeemed=true").json();
        JsonNode held = null;
        for (JsonNode p : unredeemed) {
            if ("ITESTORPH1".equals(p.path("receipt").asText())) {
                held = p;
            }
        }
        assertNotNull(unredeemed.toString(), held);
        assertEquals("unknown_push", held.get("unredeemedReason").asText());
        assertEquals(900, held.get("amount").asLong());
    }

    // ------------------------------------------------------------------------------------------------------

    private void assertEndsWithoutPayment(String subscriberId, String status, String message) throws Exception {
        JsonNode push = sendAndAwaitFinal(subscriberId, 1500);

        assertEquals(push.toString(), status, push.get("status").asText());
        assertEquals(message, push.get("message").asText());
        assertTrue(push.get("paymentId").isNull());
        assertEquals(0, api.get("/stkpush/api/payments?subscriberId=" + subscriberId).json().size());
    }

    private JsonNode send(String subscriberId, long amount) throws Exception {
        OperatorApi.Reply sent = api.post("/stkpush/api/pushes",
                "{\"subscriberId\":\"" + subscriberId + "\",\"amount\":" + amount + "}");
        assertEquals(sent.body(), 202, sent.status());
        assertNotNull(sent.json().get("pushId"));
        return sent.json();
    }

    private JsonNode sendAndAwaitFinal(String subscriberId, long amount) throws Exception {
        return awaitFinal(send(subscriberId, amount).get("pushId").asText());
    }

    private JsonNode awaitFinal(String pushId) throws Exception {
        OperatorApi.Reply reply = api.getUntil("/stkpush/api/pushes/" + pushId,
                r -> r.status() == 200 && FINAL.contains(r.json().get("status").asText()), SETTLED);
        assertTrue("final within " + SETTLED + ": " + reply.body(),
                reply.status() == 200 && FINAL.contains(reply.json().get("status").asText()));
        return reply.json();
    }

    private boolean listedForReview(String pushId) throws Exception {
        for (JsonNode p : api.get("/stkpush/api/pushes?needsReview=true&limit=1000").json()) {
            if (pushId.equals(p.get("pushId").asText())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode onlyPaymentOf(String subscriberId) throws Exception {
        JsonNode payments = api.get("/stkpush/api/payments?subscriberId=" + subscriberId).json();
        assertEquals(payments.toString(), 1, payments.size());
        return payments.get(0);
    }

    private JsonNode awaitUnredeemedFor(String subscriberId) throws Exception {
        OperatorApi.Reply reply = api.getUntil("/stkpush/api/payments?unredeemed=true",
                r -> r.status() == 200 && unredeemedFor(r.json(), subscriberId).size() == 1, SETTLED);
        List<JsonNode> found = unredeemedFor(reply.json(), subscriberId);
        assertEquals(reply.body(), 1, found.size());
        return found.get(0);
    }

    private static List<JsonNode> unredeemedFor(JsonNode payments, String subscriberId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode p : payments) {
            if (subscriberId.equals(p.path("intendedSubscriberId").asText()) && p.get("unredeemed").asBoolean()) {
                found.add(p);
            }
        }
        return found;
    }

    private static void enterPinOnThePhone(String checkoutRequestId, String pin) throws Exception {
        assertEquals(200, postRaw("/daraja-sim/phone/prompts/" + checkoutRequestId + "/pin",
                "{\"pin\":\"" + pin + "\"}"));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static String stkToken(String pushId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(StkpushKaraf.CALLBACK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(("stk:" + pushId).getBytes(StandardCharsets.UTF_8)))
                .substring(0, 32);
    }

    private static String successCallback(String merchantRequestId, String checkoutRequestId, long amount,
            String receipt) {
        return "{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"" + merchantRequestId
                + "\",\"CheckoutRequestID\":\""
                + checkoutRequestId + "\",\"ResultCode\":0,\"ResultDesc\":\"The service request is processed"
                + " successfully.\",\"CallbackMetadata\":{\"Item\":[{\"Name\":\"Amount\",\"Value\":" + amount
                + ".00},{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"" + receipt + "\"},{\"Name\":\"Balance\"},"
                + "{\"Name\":\"TransactionDate\",\"Value\":20261128101500},{\"Name\":\"PhoneNumber\","
                + "\"Value\":254722415717}]}}}}";
    }

    private static int postRaw(String path, String body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(Http.url(path)).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        return c.getResponseCode();
    }
}
