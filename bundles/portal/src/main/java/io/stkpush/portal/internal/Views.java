package io.stkpush.portal.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stkpush.api.Payment;
import io.stkpush.api.Push;
import io.stkpush.api.PushStatus;
import io.stkpush.host.Subscriber;

/**
 * The JSON the operator API answers with, as plain maps for the Jackson provider. Every field is always present
 * (null when unknown), times are ISO-8601 UTC text, amounts whole shillings, phones in full: they are the
 * operator's own data (only logs mask them).
 */
final class Views {

    /** Used when a push has no waiting window to measure. */
    static final long DEFAULT_WINDOW_SECONDS = 96;

    private Views() {
    }

    static Map<String, Object> subscriber(Subscriber s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().value());
        m.put("name", s.name());
        m.put("account", s.account());
        m.put("phone", s.phone());
        m.put("plan", s.plan());
        m.put("expiresAt", text(s.expiresAt()));
        return m;
    }

    static Map<String, Object> push(Push p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pushId", p.id().toString());
        m.put("status", p.status().name());
        m.put("waiting", p.status().isWaiting());
        m.put("resultCode", p.resultCode());
        m.put("message", message(p));
        m.put("receipt", text(p.receipt()));
        m.put("paymentId", text(p.paymentId()));
        m.put("subscriberId", text(p.subscriberId()));
        m.put("phone", p.phone() == null ? null : p.phone().msisdn());
        m.put("amount", p.amount() == null ? null : p.amount().shillings());
        m.put("checkoutRequestId", text(p.checkoutRequestId()));
        m.put("operator", text(p.operator()));
        m.put("planId", p.planId());
        m.put("createdAt", text(p.createdAt()));
        m.put("updatedAt", text(p.updatedAt()));
        m.put("waitUntil", text(p.waitUntil()));
        m.put("needsReview", p.needsReview());
        m.put("reviewSince", text(p.reviewSince()));
        return m;
    }

    static Map<String, Object> payment(Payment p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paymentId", p.id().toString());
        m.put("receipt", text(p.receipt()));
        m.put("amount", p.amount() == null ? null : p.amount().shillings());
        m.put("phone", p.phone());
        m.put("paidAt", text(p.paidAt()));
        m.put("source", p.source() == null ? null : p.source().name());
        m.put("pushId", text(p.pushId()));
        m.put("subscriberId", text(p.subscriberId()));
        m.put("intendedSubscriberId", text(p.intendedSubscriberId()));
        m.put("accountReference", p.accountReference());
        m.put("unredeemed", p.isUnredeemed());
        m.put("unredeemedReason", p.unredeemedReason());
        m.put("linkedBy", text(p.linkedBy()));
        m.put("linkedAt", text(p.linkedAt()));
        m.put("recordedAt", text(p.recordedAt()));
        return m;
    }

    /**
     * What the operator reads: the ledger's plain-language reason when it has one, otherwise what the user guide
     * says for the status.
     */
    static String message(Push p) {
        if (p.message() != null && !p.message().isBlank()) {
            return p.message();
        }
        PushStatus status = p.status();
        switch (status) {
            case SENDING:
                return "Sending the payment request to the customer's phone.";
            case WAITING:
                return "Waiting for customer to complete payment on their phone";
            case CONFIRMED:
                return "Payment received and recorded.";
            case CANCELLED:
                return "The customer cancelled the payment on their phone.";
            case TIMEOUT:
                return "No response received within " + windowSeconds(p) + " seconds.";
            case FAILED:
                return "The payment did not go through.";
            case STOPPED:
                return "Stopped waiting. The M-Pesa request was not cancelled: if the customer still pays, the"
                        + " payment appears under Unredeemed Payments.";
            default:
                return status.name();
        }
    }

    private static long windowSeconds(Push p) {
        if (p.createdAt() == null || p.waitUntil() == null || !p.waitUntil().isAfter(p.createdAt())) {
            return DEFAULT_WINDOW_SECONDS;
        }
        return Math.round(Duration.between(p.createdAt(), p.waitUntil()).toMillis() / 1000.0);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
