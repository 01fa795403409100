package io.stkpush.portal.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.stkpush.api.Payment;
import io.stkpush.api.Push;
import io.stkpush.api.text.OperatorText;
import io.stkpush.host.Subscriber;

/**
 * The JSON the operator API answers with, as plain maps for the Jackson provider. Every field is always present
 * (null when unknown), times are ISO-8601 UTC text, amounts whole shillings, phones in full: they are the
 * operator's own data (only logs mask them). A push's {@code message} is what {@link OperatorText} says for it.
 */
final class Views {

    private Views() {
    }

    static Map<String, Object> subscriber(Subscriber s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().value());
        m.put("name", s.name());
        m.put("account", s.account());
        m.put("phone", s.phone());
        m.put("plan", s.plan());
        m.put("planId", s.planId());
        m.put("expiresAt", text(s.expiresAt()));
        return m;
    }

    static Map<String, Object> push(Push p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pushId", p.id().toString());
        m.put("status", p.status().name());
        m.put("waiting", p.status().isWaiting());
        m.put("resultCode", p.resultCode());
        m.put("reason", p.reason() == null ? null : p.reason().code());
        m.put("message", OperatorText.english().push(p));
        m.put("receipt", text(p.receipt()));
        m.put("paymentId", text(p.paymentId()));
        m.put("subscriberId", text(p.subscriberId()));
        m.put("phone", p.phone() == null ? null : p.phone().msisdn());
        m.put("amount", p.amount() == null ? null : p.amount().shillings());
        m.put("merchantRequestId", text(p.merchantRequestId()));
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
        m.put("unredeemedReason", p.unredeemedReason() == null ? null : p.unredeemedReason().code());
        m.put("unredeemedMessage", p.unredeemedReason() == null ? null
                : OperatorText.english().unredeemed(p.unredeemedReason()));
        m.put("linkedBy", text(p.linkedBy()));
        m.put("linkedAt", text(p.linkedAt()));
        m.put("recordedAt", text(p.recordedAt()));
        return m;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
