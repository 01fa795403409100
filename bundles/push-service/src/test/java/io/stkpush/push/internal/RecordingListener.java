package io.stkpush.push.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEventListener;
import io.stkpush.api.Push;
import io.stkpush.api.PushLedger;
import io.stkpush.api.PushStatus;

/** Keeps every event, with what the ledger held at the moment the event arrived. */
final class RecordingListener implements PaymentEventListener {

    /** An event and the push status read from the ledger while it was being delivered. */
    record Heard(PaymentEvent event, PushStatus statusInLedger, boolean paymentInLedger) {
    }

    private final PushLedger ledger;
    final List<Heard> heard = new CopyOnWriteArrayList<>();

    RecordingListener(PushLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void onPaymentEvent(PaymentEvent event) {
        PushStatus status = event.pushId() == null ? null
                : ledger.findPush(event.pushId()).map(Push::status).orElse(null);
        boolean payment = event.paymentId() != null && ledger.findPayment(event.paymentId()).isPresent();
        heard.add(new Heard(event, status, payment));
    }

    List<PaymentEvent> events() {
        return heard.stream().map(Heard::event).toList();
    }

    List<PaymentEvent> events(PaymentEvent.Type type) {
        return events().stream().filter(e -> e.type() == type).toList();
    }
}
