package io.stkpush.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a front-desk caller does with STK pushes: the portal's REST API, the renewal extension, the web console and
 * shell commands. The provider's answers arrive through {@link ProviderAnswers} instead. Each change is committed
 * to the ledger first and then published to every {@link PaymentEventListener}.
 */
@ProviderType
public interface PushPayments {

    /**
     * Sends a payment prompt: the push is recorded first (SENDING), then the provider is called. Returns the push
     * as it stands after the provider's answer: WAITING when accepted or when the answer was lost (a prompt may
     * be on the phone), FAILED with a reason when the provider refused it.
     *
     * @throws PromptAlreadyOpenException when that phone already has a prompt being waited on
     */
    Push initiate(PushRequest request);

    /**
     * {@link #initiate(PushRequest)} under an id the caller chose, so it can record its own intent under that id
     * before the prompt goes out (the renewal extension does). Once per id: when a push with this id exists
     * already, it is returned as it stands and nothing is sent again.
     *
     * @throws PromptAlreadyOpenException when that phone already has another prompt being waited on
     * @since 2.1
     */
    Push initiate(PushId id, PushRequest request);

    Optional<Push> find(PushId id);

    /**
     * Stops the operator waiting; the M-Pesa transaction is not cancelled and keeps being reconciled.
     *
     * @throws UnknownPaymentException when there is no such push
     */
    Push stopWaiting(PushId id, OperatorName operator);

    /** Pushes left for an operator to review, oldest first (see {@link PushLedger#pushesNeedingReview}). */
    List<Push> pushesNeedingReview(int max);

    /**
     * The most recent pushes, newest first, of one status or ({@code null}) any: for the administrator
     * ({@code stkpush:pushes}).
     *
     * @since 2.1
     */
    List<Push> recentPushes(PushStatus status, int max);

    /**
     * Links an unredeemed payment to a subscriber, once, noting who and when.
     *
     * @throws UnknownPaymentException       when there is no such payment
     * @throws PaymentAlreadyLinkedException when it is already linked
     */
    Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator);

    Optional<Payment> findPayment(PaymentId id);

    /** Payments for the Payments page, newest first. */
    List<Payment> payments(PaymentQuery query);
}
