package io.stkpush.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;

class OperatorTextTest {

    private static final OperatorText TEXT = OperatorText.english();
    private static final Instant SENT = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void everyReasonStatusAndHoldHasWordsWithPlainApostrophes() {
        for (PushReason reason : PushReason.values()) {
            assertWords(TEXT.reason(reason, "1234", "the provider's words"));
        }
        for (PushStatus status : PushStatus.values()) {
            assertWords(TEXT.status(status));
        }
        for (UnredeemedReason reason : UnredeemedReason.values()) {
            assertWords(TEXT.unredeemed(reason));
        }
    }

    private static void assertWords(String words) {
        assertFalse(words.isBlank());
        assertFalse(words.contains("''"), words);
        assertFalse(words.contains("{"), words);
    }

    @Test
    void theGuidesWordsForEachStatus() {
        assertEquals("Waiting for customer to complete payment on their phone", TEXT.status(PushStatus.WAITING));
        assertEquals("Sending the payment request to the customer's phone.", TEXT.status(PushStatus.SENDING));
        assertEquals("Payment received and recorded.", TEXT.status(PushStatus.CONFIRMED));
    }

    @Test
    void theProvidersReasonsInTheOperatorsWords() {
        assertEquals("Wrong M-Pesa PIN entered.", TEXT.reason(PushReason.WRONG_PIN, "2001", "raw"));
        assertEquals("Insufficient M-Pesa balance.", TEXT.reason(PushReason.INSUFFICIENT_FUNDS, "1", null));
        assertEquals("Number not registered for M-Pesa", TEXT.reason(PushReason.NOT_REGISTERED, null, null));
        assertEquals("M-Pesa is busy. Try again in a few minutes.", TEXT.reason(PushReason.PROVIDER_BUSY, null, null));
        assertEquals("No response from the subscriber's phone: it may be off or out of network. Ask the subscriber"
                + " to check and retry.", TEXT.reason(PushReason.NO_RESPONSE, "1037", null));
    }

    @Test
    void aRefusalOnlyTheProviderCanExplainShowsItsOwnWords() {
        assertEquals("Check shortCode.", TEXT.reason(PushReason.PROVIDER_REFUSED, "400.002.02", "Check shortCode."));
        assertEquals("M-Pesa refused the request.", TEXT.reason(PushReason.PROVIDER_REFUSED, null, null));
    }

    @Test
    void anUnknownAnswerNamesItsCode() {
        assertEquals("M-Pesa answered with result code 7777, which stkpush does not know. Check the payment on the"
                + " M-Pesa portal.", TEXT.reason(PushReason.UNKNOWN_ANSWER, " 7777 ", null));
        assertEquals("M-Pesa answered without a result code. Check the payment on the M-Pesa portal.",
                TEXT.reason(PushReason.UNKNOWN_ANSWER, null, null));
    }

    @Test
    void aTimeoutNamesThePushsOwnWindow() {
        assertEquals("No response received within 96 seconds.", TEXT.push(push(PushStatus.TIMEOUT, null, 96, null)));
        assertEquals("No response received within 30 seconds.", TEXT.push(push(PushStatus.TIMEOUT, null, 30, null)));
    }

    @Test
    void aReasonWinsOverTheStatusAndAnAmountMismatchNamesBothAmounts() {
        assertEquals("The subscriber cancelled the payment on their phone.",
                TEXT.push(push(PushStatus.STOPPED, PushReason.CANCELLED_BY_SUBSCRIBER, 96, null)));
        assertEquals("Payment received, but KES 400 differs from the KES 500 asked: it is held under Unredeemed"
                + " Payments for review.", TEXT.push(push(PushStatus.CONFIRMED, PushReason.AMOUNT_MISMATCH_HELD, 96,
                        Kes.of(400))));
    }

    @Test
    void paymentEventsSayWhatHappened() {
        Payment linked = payment(new SubscriberId("sub-1"), null, new OperatorName("alice"));
        Payment held = payment(null, UnredeemedReason.LATE_PAYMENT, null);
        assertEquals("Payment of KES 1500 recorded.", TEXT.paymentRecorded(linked));
        assertEquals("Payment of KES 1500 held under Unredeemed Payments (late_payment).", TEXT.paymentRecorded(held));
        assertEquals("Payment linked to subscriber sub-1 by alice.", TEXT.paymentLinked(linked));
    }

    @Test
    void aLanguageWithoutATranslationGetsTheShippedWords() {
        OperatorText swahili = OperatorText.in(Locale.forLanguageTag("sw"));
        assertEquals(TEXT.status(PushStatus.WAITING), swahili.status(PushStatus.WAITING));
        assertTrue(OperatorText.in(Locale.ROOT) == TEXT);
    }

    private static Push push(PushStatus status, PushReason reason, int windowSeconds, Kes paid) {
        return new Push(PushId.random(), new SubscriberId("sub-1"), PhoneNumber.parse("0712345678"), Kes.of(500),
                status, null, reason, null, null, null, null, new OperatorName("alice"), null, null, null, paid, SENT,
                SENT, SENT.plusSeconds(windowSeconds), 0, null, null);
    }

    private static Payment payment(SubscriberId linkedTo, UnredeemedReason reason, OperatorName linkedBy) {
        return new Payment(PaymentId.random(), null, Kes.of(1500), "254712345678", SENT, PaymentSource.STK, null,
                linkedTo, linkedTo, null, reason, linkedBy, linkedBy == null ? null : SENT, SENT);
    }
}
