package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.Kes;
import io.stkpush.api.Outcome;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReason;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.api.text.OperatorText;
import io.stkpush.daraja.C2bApiVersion;
import io.stkpush.daraja.C2bResponseType;
import io.stkpush.daraja.C2bUrlRegistration;

import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * The Daraja client against the Daraja simulator, in the demo assembly, for every scripted scenario (chosen by the
 * phone number's last two digits) and the virtual phone. Callbacks go to a local inbox; outcomes are read back
 * with the client's status query, as the poller will.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DarajaScenariosIT {

    /** Set once the boot features have settled; the probe's tests share one Karaf. */
    private static boolean settled;

    private static final Duration SETTLED = Duration.ofSeconds(20);
    private static CallbackInbox inbox;

    @Inject
    @Filter(value = "(provider=daraja)", timeout = 60_000)
    private PaymentProvider daraja;

    @Inject
    @Filter(timeout = 60_000)
    private C2bUrlRegistration c2b;

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onH2(), StkpushKaraf.darajaAgainstSimulator()};
    }

    @BeforeClass
    public static void openInbox() throws Exception {
        inbox = new CallbackInbox();
    }

    @AfterClass
    public static void closeInbox() {
        inbox.close();
    }

    /** The probe starts while the boot features may still be settling: wait for the simulator's pages. */
    @Before
    public void simulatorIsUp() throws Exception {
        if (settled) {
            return;
        }
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        settled = true;
    }

    @Test
    public void scenario00PaidAfterAFewSeconds() throws Exception {
        PushAcceptance accepted = push("254711000100", 1500, "/stk/00");

        StatusAnswer answer = awaitFinal(accepted.checkoutRequestId());

        assertEquals(Outcome.SUCCEEDED, answer.outcome());
        assertEquals("0", answer.resultCode());
        List<String> callbacks = inbox.await("/stk/00", 1, SETTLED);
        assertEquals(1, callbacks.size());
        assertTrue(callbacks.get(0), callbacks.get(0).contains("\"ResultCode\":0,"));
        assertTrue(callbacks.get(0), callbacks.get(0).contains("\"MpesaReceiptNumber\""));
        assertTrue(callbacks.get(0), callbacks.get(0).contains(accepted.checkoutRequestId().value()));
    }

    @Test
    public void scenario01CancelledByTheSubscriber() throws Exception {
        assertFinal("254711000101", "/stk/01", Outcome.CANCELLED, "1032",
                "The subscriber cancelled the payment on their phone.");
    }

    @Test
    public void scenario02InsufficientBalance() throws Exception {
        assertFinal("254711000102", "/stk/02", Outcome.FAILED, "1", "Insufficient M-Pesa balance.");
    }

    @Test
    public void scenario03WrongPin() throws Exception {
        assertFinal("254711000103", "/stk/03", Outcome.FAILED, "2001", "Wrong M-Pesa PIN entered.");
    }

    @Test
    public void scenario04NoResponseWhenThePromptExpires() throws Exception {
        assertFinal("254711000104", "/stk/04", Outcome.NO_RESPONSE, "1037",
                "No response from the subscriber's phone: it may be off or out of network. Ask the subscriber to"
                        + " check and retry.");
    }

    @Test
    public void scenario05PaidButTheCallbackNeverComesOnlyTheQueryTells() throws Exception {
        PushAcceptance accepted = push("254711000105", 700, "/stk/05");

        StatusAnswer answer = awaitFinal(accepted.checkoutRequestId());

        assertEquals(Outcome.SUCCEEDED, answer.outcome());
        // the success happened when the query turned final: a callback, had there been one, was sent then
        assertEquals(List.of(), inbox.await("/stk/05", 1, Duration.ofMillis(2 * StkpushKaraf.SUCCESS_DELAY_MS)));
    }

    @Test
    public void scenario06PaidWithTheCallbackDeliveredThreeTimes() throws Exception {
        PushAcceptance accepted = push("254711000106", 900, "/stk/06");

        assertEquals(Outcome.SUCCEEDED, awaitFinal(accepted.checkoutRequestId()).outcome());
        List<String> callbacks = inbox.await("/stk/06", 3, SETTLED);
        assertEquals(3, callbacks.size());
        assertEquals("the same callback each time", 1, callbacks.stream().distinct().count());
    }

    @Test
    public void scenario07TheCallbackArrivesBeforeThePushAnswer() throws Exception {
        PushAcceptance accepted = push("254711000107", 1000, "/stk/07");

        List<String> already = inbox.bodies("/stk/07");
        assertEquals("delivered before push() returned", 1, already.size());
        assertTrue(already.get(0).contains(accepted.checkoutRequestId().value()));
        assertEquals(Outcome.SUCCEEDED, awaitFinal(accepted.checkoutRequestId()).outcome());
    }

    @Test
    public void scenario08PaidOnlyAfterTheOperatorsWindow() throws Exception {
        PushAcceptance accepted = push("254711000108", 1200, "/stk/08");

        assertEquals(StatusAnswer.State.PENDING, awaitAnswer(accepted.checkoutRequestId()).state());
        StatusAnswer answer = awaitFinal(accepted.checkoutRequestId());
        assertEquals(Outcome.SUCCEEDED, answer.outcome());
        assertEquals(1, inbox.await("/stk/08", 1, SETTLED).size());
    }

    @Test
    public void scenario09NumberNotRegisteredIsRefusedAtOnce() {
        ProviderException refused = refusal("254711000109", "/stk/09");

        assertEquals(ProviderException.Kind.REJECTED, refused.kind());
        assertEquals("400.002.02", refused.code());
        assertEquals(PushReason.NOT_REGISTERED, refused.reason());
        assertEquals("Number not registered for M-Pesa", operatorReads(refused));
    }

    @Test
    public void scenario10SubscriberBusy() {
        ProviderException refused = refusal("254711000110", "/stk/10");

        assertEquals(ProviderException.Kind.REJECTED, refused.kind());
        assertEquals("500.001.1001", refused.code());
        assertEquals(PushReason.SUBSCRIBER_BUSY, refused.reason());
        assertEquals("The subscriber's phone is busy with another M-Pesa session. Wait a minute and retry.",
                operatorReads(refused));
    }

    @Test
    public void scenario11LegacyBeingProcessedAnswerIsPendingThenPaid() throws Exception {
        PushAcceptance accepted = push("254711000111", 300, "/stk/11");

        StatusAnswer pending = awaitAnswer(accepted.checkoutRequestId());
        assertEquals(StatusAnswer.State.PENDING, pending.state());
        assertEquals(Outcome.SUCCEEDED, awaitFinal(accepted.checkoutRequestId()).outcome());
    }

    @Test
    public void scenario12SystemBusyAfterRetries() {
        ProviderException refused = refusal("254711000112", "/stk/12");

        assertEquals(ProviderException.Kind.BUSY, refused.kind());
        assertEquals("500.003.02", refused.code());
        assertEquals(PushReason.PROVIDER_BUSY, refused.reason());
        assertEquals("M-Pesa is busy. Try again in a few minutes.", operatorReads(refused));
    }

    @Test
    public void scenario13TheAnswerIsLostButTheCallbackStillComes() throws Exception {
        ProviderException lost = refusal("254711000113", "/stk/13");

        assertEquals("a lost answer is unknown, never a refusal", ProviderException.Kind.UNKNOWN, lost.kind());
        String callback = inbox.await("/stk/13", 1, SETTLED).get(0);
        assertTrue(callback, callback.contains("\"ResultCode\":0"));
    }

    @Test
    public void virtualPhonePaidWithTheRightPin() throws Exception {
        PushAcceptance accepted = push("254722000042", 1500, "/stk/phone-pin");

        answerOnThePhone(accepted.checkoutRequestId(), "pin", "{\"pin\":\"1234\"}");

        assertEquals(Outcome.SUCCEEDED, awaitFinal(accepted.checkoutRequestId()).outcome());
        assertTrue(inbox.await("/stk/phone-pin", 1, SETTLED).get(0).contains("\"ResultCode\":0,"));
    }

    @Test
    public void virtualPhoneWrongPin() throws Exception {
        PushAcceptance accepted = push("254722000043", 1500, "/stk/phone-wrong-pin");

        answerOnThePhone(accepted.checkoutRequestId(), "pin", "{\"pin\":\"9999\"}");

        StatusAnswer answer = awaitFinal(accepted.checkoutRequestId());
        assertEquals(Outcome.FAILED, answer.outcome());
        assertEquals("2001", answer.resultCode());
    }

    @Test
    public void virtualPhoneCancelled() throws Exception {
        PushAcceptance accepted = push("254722000044", 1500, "/stk/phone-cancel");

        answerOnThePhone(accepted.checkoutRequestId(), "cancel", "{}");

        assertEquals(Outcome.CANCELLED, awaitFinal(accepted.checkoutRequestId()).outcome());
    }

    @Test
    public void virtualPhoneIgnoredEndsAsNoResponse() throws Exception {
        PushAcceptance accepted = push("254722000045", 1500, "/stk/phone-ignored");

        assertEquals(Outcome.NO_RESPONSE, awaitFinal(accepted.checkoutRequestId()).outcome());
    }

    @Test
    public void c2bPaymentReachesTheRegisteredConfirmationUrl() throws Exception {
        c2b.register(C2bApiVersion.V1, C2bResponseType.COMPLETED, URI.create(inbox.url("/c2b/confirmation")),
                URI.create(inbox.url("/c2b/validation")));

        String answer = post("/daraja-sim/phone/c2b",
                "{\"msisdn\":\"254722000046\",\"amount\":\"2500\",\"accountNumber\":\"ACC-0046\","
                        + "\"shortCode\":\"174379\"}");

        assertTrue(answer, answer.contains("\"transId\""));
        List<String> confirmations = inbox.await("/c2b/confirmation", 1, SETTLED);
        assertEquals(1, confirmations.size());
        String confirmation = confirmations.get(0);
        assertTrue(confirmation, confirmation.contains("\"BillRefNumber\":\"ACC-0046\""));
        assertTrue(confirmation, confirmation.contains("\"TransAmount\":\"2500.00\""));
        assertEquals(1, inbox.bodies("/c2b/validation").size());
    }

    // ------------------------------------------------------------------------------------------------------

    private void assertFinal(String phone, String path, Outcome outcome, String code, String reason)
            throws Exception {
        PushAcceptance accepted = push(phone, 500, path);

        StatusAnswer answer = awaitFinal(accepted.checkoutRequestId());

        assertEquals(outcome, answer.outcome());
        assertEquals(code, answer.resultCode());
        assertEquals(reason, OperatorText.english().reason(answer.reason(), answer.resultCode(),
                answer.providerText()));
        List<String> callbacks = inbox.await(path, 1, SETTLED);
        assertEquals(1, callbacks.size());
        assertTrue(callbacks.get(0), callbacks.get(0).contains("\"ResultCode\":" + code + ","));
        assertTrue("no payment details on a failure: " + callbacks.get(0),
                !callbacks.get(0).contains("CallbackMetadata"));
    }

    /** What the operator reads about a push the provider did not take. */
    private static String operatorReads(ProviderException refused) {
        return OperatorText.english().reason(refused.reason(), refused.code(), refused.getMessage());
    }

    private PushAcceptance push(String phone, long amount, String callbackPath) throws ProviderException {
        PushAcceptance accepted = daraja.push(request(phone, amount, callbackPath));
        assertNotNull(accepted.checkoutRequestId());
        return accepted;
    }

    private ProviderException refusal(String phone, String callbackPath) {
        try {
            PushAcceptance accepted = daraja.push(request(phone, 100, callbackPath));
            fail("expected a refusal, got " + accepted);
            return null;
        } catch (ProviderException e) {
            assertTrue("no callback for a refused push", inbox.bodies(callbackPath).isEmpty());
            return e;
        }
    }

    private static ProviderPushRequest request(String phone, long amount, String callbackPath) {
        return new ProviderPushRequest(PushId.random(), PhoneNumber.parse(phone), Kes.of(amount), "ACC-1",
                "Internet", URI.create(inbox.url(callbackPath)));
    }

    /** Asks for the status as the poller does, until it is final or the deadline passes. */
    private StatusAnswer awaitFinal(CheckoutRequestId id) throws Exception {
        long deadline = System.nanoTime() + SETTLED.toNanos();
        StatusAnswer answer = ask(id);
        while ((answer == null || answer.state() != StatusAnswer.State.FINAL) && System.nanoTime() < deadline) {
            Thread.sleep(100); // poll interval; the deadline bounds the wait
            answer = ask(id);
        }
        assertTrue("final within " + SETTLED + ": " + answer,
                answer != null && answer.state() == StatusAnswer.State.FINAL);
        return answer;
    }

    /** One status query's answer, asked again while the budget refuses it. */
    private StatusAnswer awaitAnswer(CheckoutRequestId id) throws Exception {
        long deadline = System.nanoTime() + SETTLED.toNanos();
        StatusAnswer answer = ask(id);
        while (answer == null && System.nanoTime() < deadline) {
            Thread.sleep(100); // poll interval; the deadline bounds the wait
            answer = ask(id);
        }
        assertTrue("an answer within " + SETTLED, answer != null);
        return answer;
    }

    /**
     * One status query, or {@code null} when the client's status query budget refused it (nothing was sent): the
     * poller asks again then, and so does this test.
     */
    private StatusAnswer ask(CheckoutRequestId id) throws Exception {
        try {
            return daraja.queryStatus(id);
        } catch (ProviderException e) {
            if (e.kind() != ProviderException.Kind.BUSY) {
                throw e;
            }
            return null;
        }
    }

    private static void answerOnThePhone(CheckoutRequestId id, String action, String json) throws Exception {
        post("/daraja-sim/phone/prompts/" + id.value() + "/" + action, json);
    }

    private static String post(String path, String json) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(Http.url(path)).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        int status = c.getResponseCode();
        String body = new String((status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(path + " answered " + body, 200, status);
        return body;
    }
}
