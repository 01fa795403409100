package io.stkpush.relay.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.Payment;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEvent.Type;
import io.stkpush.api.PaymentId;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.text.OperatorText;

/**
 * What one node tells the others about a {@link PaymentEvent}: ids only. A NOTIFY payload is visible to every
 * session of the database and limited to 8000 bytes, so no phone, amount or words travel; the receiving node
 * reads the rest from the ledger.
 *
 * @param node      the node that published the event
 * @param type      what happened
 * @param pushId    the push concerned, or {@code null}
 * @param paymentId the payment concerned, or {@code null}
 * @param at        when it happened
 */
record RelayNotice(String node, Type type, PushId pushId, PaymentId paymentId, Instant at) {

    private static final ObjectMapper JSON = new ObjectMapper();

    RelayNotice {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    static RelayNotice of(String node, PaymentEvent event) {
        return new RelayNotice(node, event.type(), event.pushId(), event.paymentId(), event.at());
    }

    /** @throws IllegalArgumentException when the payload is not a notice this version understands */
    static RelayNotice parse(String payload) {
        try {
            JsonNode json = JSON.readTree(payload);
            String pushId = text(json, "pushId");
            String paymentId = text(json, "paymentId");
            return new RelayNotice(text(json, "node"), Type.valueOf(text(json, "type")),
                    pushId == null ? null : PushId.parse(pushId), paymentId == null ? null : PaymentId.parse(paymentId),
                    Instant.parse(text(json, "at")));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("Not a payment event notice: " + e.getMessage(), e);
        }
    }

    String payload() {
        return JSON.createObjectNode().put("node", node).put("type", type.name())
                .put("pushId", pushId == null ? null : pushId.toString())
                .put("paymentId", paymentId == null ? null : paymentId.toString())
                .put("at", at.toString()).toString();
    }

    /**
     * The event as the ledger now has it, in the same words the publishing node used ({@link OperatorText});
     * empty when the ledger does not know the push or payment.
     */
    Optional<PaymentEvent> event(PushPayments frontDesk) {
        OperatorText words = OperatorText.english();
        return switch (type) {
            case PUSH_STATUS_CHANGED, PUSH_NEEDS_REVIEW -> pushId == null ? Optional.empty()
                    : frontDesk.find(pushId).map(push -> PaymentEvent.of(type, push, words.push(push), at));
            case PAYMENT_RECORDED, UNREDEEMED_PAYMENT_RECORDED -> payment(frontDesk).map(payment -> PaymentEvent
                    .of(type, payment, pushOf(payment, frontDesk), words.paymentRecorded(payment), at));
            // the renewal is the renewal extension's, not the ledger's: the page reads it on hearing of the change
            case RENEWAL_CHANGED -> pushId == null ? Optional.empty()
                    : frontDesk.find(pushId).map(push -> PaymentEvent.of(type, push, null, at));
            case PAYMENT_LINKED -> payment(frontDesk)
                    .map(payment -> PaymentEvent.of(type, payment, null, words.paymentLinked(payment), at));
        };
    }

    private Optional<Payment> payment(PushPayments frontDesk) {
        return paymentId == null ? Optional.empty() : frontDesk.findPayment(paymentId);
    }

    /** The push a payment settled, as the publishing node passed it (none for C2B or an unknown push). */
    private static Push pushOf(Payment payment, PushPayments frontDesk) {
        return payment.pushId() == null ? null : frontDesk.find(payment.pushId()).orElse(null);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
