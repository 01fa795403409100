package io.stkpush.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.stkpush.api.Payment;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEvent.Type;
import io.stkpush.api.PaymentId;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.text.OperatorText;

/** What travels between nodes (ids only) and the event the receiving node reads back from the ledger. */
class RelayNoticeTest {

    private static final Instant AT = Instant.parse("2025-03-10T09:30:02.123Z");
    private static final OperatorText WORDS = OperatorText.english();

    private final KnownPayments ledger = new KnownPayments();

    @Test
    void onlyIdsTravel() {
        Push push = ledger.confirmedPush();
        PaymentEvent event = PaymentEvent.of(Type.PUSH_STATUS_CHANGED, push, WORDS.push(push), AT);

        String payload = RelayNotice.of("node-a", event).payload();

        assertEquals("{\"node\":\"node-a\",\"type\":\"PUSH_STATUS_CHANGED\",\"pushId\":\"" + push.id()
                + "\",\"paymentId\":\"" + push.paymentId() + "\",\"at\":\"2025-03-10T09:30:02.123Z\"}", payload);
        assertEquals(RelayNotice.of("node-a", event), RelayNotice.parse(payload));
    }

    @Test
    void aStatusChangeIsReadBackAsThePublishingNodeWroteIt() {
        Push push = ledger.confirmedPush();
        PaymentEvent published = PaymentEvent.of(Type.PUSH_STATUS_CHANGED, push, WORDS.push(push), AT);

        assertEquals(published, relayed(published));
    }

    @Test
    void aPaymentRecordedWithItsPushIsReadBackWithThePush() {
        Push push = ledger.confirmedPush();
        Payment payment = ledger.payment(push.paymentId());
        PaymentEvent published = PaymentEvent.of(Type.PAYMENT_RECORDED, payment, push, WORDS.paymentRecorded(payment),
                AT);

        assertEquals(published, relayed(published));
    }

    @Test
    void anUnredeemedC2bPaymentAndItsLinkingAreReadBack() {
        Payment held = ledger.unredeemedC2bPayment();
        PaymentEvent recorded = PaymentEvent.of(Type.UNREDEEMED_PAYMENT_RECORDED, held, null,
                WORDS.paymentRecorded(held), AT);
        assertEquals(recorded, relayed(recorded));

        Payment linked = ledger.link(held);
        PaymentEvent link = PaymentEvent.of(Type.PAYMENT_LINKED, linked, null, WORDS.paymentLinked(linked), AT);
        assertEquals(link, relayed(link));
    }

    @Test
    void aNoticeNamingWhatTheLedgerDoesNotHaveIsDropped() {
        RelayNotice unknownPush = new RelayNotice("node-a", Type.PUSH_STATUS_CHANGED, PushId.random(), null, AT);
        RelayNotice unknownPayment = new RelayNotice("node-a", Type.PAYMENT_RECORDED, null, PaymentId.random(), AT);

        assertFalse(unknownPush.event(ledger).isPresent());
        assertFalse(unknownPayment.event(ledger).isPresent());
    }

    @Test
    void aPayloadThisVersionDoesNotKnowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RelayNotice.parse("not json"));
        assertThrows(IllegalArgumentException.class, () -> RelayNotice.parse(
                "{\"node\":\"a\",\"type\":\"RENEWAL_APPLIED\",\"pushId\":null,\"paymentId\":null,\"at\":\"" + AT + "\"}"));
        assertThrows(IllegalArgumentException.class, () -> RelayNotice.parse("{\"type\":\"PUSH_STATUS_CHANGED\"}"));
    }

    private PaymentEvent relayed(PaymentEvent published) {
        RelayNotice heard = RelayNotice.parse(RelayNotice.of("node-a", published).payload());
        var event = heard.event(ledger);
        assertTrue(event.isPresent());
        return event.get();
    }
}
