package io.stkpush.host;

import java.util.List;
import java.util.Optional;

import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentId;
import io.stkpush.api.SubscriberId;

import org.osgi.annotation.versioning.ConsumerType;

/** The host's Renew / Change Plan service, called once a payment for a renewal is confirmed. */
@ConsumerType
public interface RenewalService {

    List<Plan> plans();

    Optional<Plan> plan(String planId);

    /**
     * Renews (or changes) the subscriber's plan, paid by {@code paymentId}. Must be idempotent for the same
     * payment: stkpush calls it exactly once per confirmed payment, but retries after a crash.
     *
     * @return what the host did, for the operator and the audit trail
     */
    RenewalResult renew(SubscriberId subscriberId, String planId, PaymentId paymentId, OperatorName operator);
}
