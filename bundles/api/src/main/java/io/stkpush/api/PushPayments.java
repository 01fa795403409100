package io.stkpush.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What an operator does with STK pushes, and where every provider answer is applied. The portal's REST API, the
 * callback resource, the poller and the renewal extension call this; each change is committed to the ledger
 * first and then published to every {@link PaymentEventListener}.
 */
@ProviderType
public interface PushPayments {

    /**
     * Sends a payment prompt: the push is recorded first (SENDING), then the provider is called. Returns the push
     * as it stands after the provider's answer: WAITING when accepted or when the answer was lost (a prompt may
     * be on the phone), FAILED with a plain reason when the provider refused it.
     *
     * @throws PromptAlreadyOpenException when that phone already has a prompt being waited on
     */
    Push initiate(PushRequest request);

    Optional<Push> find(PushId id);

    /** Stops the operator waiting; the M-Pesa transaction is not cancelled and keeps being reconciled. */
    Push stopWaiting(PushId id, OperatorName operator);

    /**
     * The operator's waiting window closed with no answer: a push still waited on shows TIMEOUT; the server keeps
     * reconciling it. Called by the poller, also for pushes left over by a node that crashed.
     */
    Push endWaitingWindow(PushId id);

    /** Applies a final answer from any path (callback, status query, C2B), idempotently, in any order. */
    SettleResult settle(Settlement settlement);

    /**
     * Records a customer-initiated (C2B) payment: a receipt already known is a duplicate; otherwise it is linked
     * to the subscriber whose account number matches {@code accountReference} (trimmed, case-insensitive), or
     * held unredeemed as {@link UnredeemedReason#UNKNOWN_ACCOUNT}.
     */
    RecordedPayment recordC2bPayment(C2bPayment payment);

    /**
     * Records money M-Pesa reports paid for a push the ledger does not know (a valid callback URL, no such push):
     * held unredeemed as {@link UnredeemedReason#UNKNOWN_PUSH}; a receipt already known is a duplicate.
     */
    RecordedPayment recordUnknownPushPayment(PushId pushId, PaidDetails paid);

    /** Pushes left for an operator to review, oldest first (see {@link PaymentLedger#pushesNeedingReview}). */
    List<Push> pushesNeedingReview(int max);

    /**
     * Links an unredeemed payment to a subscriber, once, noting who and when.
     *
     * @throws UnknownPaymentException       when there is no such payment
     * @throws PaymentAlreadyLinkedException when it is already linked
     */
    Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator);

    /** Payments for the Payments page, newest first. */
    List<Payment> payments(PaymentQuery query);
}
