package io.stkpush.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The push lifecycle and settlement, and the payments they produce: what the push service records. Idempotency and
 * ordering rules are properties of the database (unique keys, conditional updates), so they hold across threads
 * and across Karaf nodes that share one database:
 * <ul>
 * <li>a push gets at most one outcome; the same outcome again is a no-op, a different one is refused;</li>
 * <li>a success is never downgraded, and a push produces at most one payment;</li>
 * <li>a receipt is recorded once, whichever path reports it;</li>
 * <li>a phone has at most one prompt being waited on;</li>
 * <li>an unredeemed payment is linked once, with who and when.</li>
 * </ul>
 * Times come from the ledger's clock, in UTC. Registered by the ledger's one component, beside
 * {@link PollLeases}, {@link ProviderJournal} and {@link LedgerHealthCheck}.
 */
@ProviderType
public interface PushLedger {

    /**
     * Records a push before the provider is called: status {@link PushStatus#SENDING}.
     *
     * @throws PromptAlreadyOpenException when the phone already has a prompt being waited on
     */
    Push createPush(NewPush push);

    /**
     * The provider accepted the push: keeps its ids and, while the push has no outcome, schedules its first
     * status query at {@code firstPollAt}. A push still {@link PushStatus#SENDING} becomes
     * {@link PushStatus#WAITING}; any other status is kept (the operator may have stopped waiting, or a fast
     * callback may have settled it already). Ids already recorded are never replaced.
     *
     * @throws UnknownPaymentException when there is no such push
     */
    Push recordAcceptance(PushId id, MerchantRequestId merchantRequestId, CheckoutRequestId checkoutRequestId,
            Instant firstPollAt);

    /**
     * The provider's answer to the push was lost, so a prompt may be on the phone: status
     * {@link PushStatus#WAITING} with no checkout id and {@link PushReason#ANSWER_LOST}. Only the callback (which
     * carries our push id) or an operator can resolve it; it is never marked failed for this.
     *
     * @param providerText the provider's own words about the loss, or {@code null}
     */
    Push recordDeliveryUnknown(PushId id, String providerText);

    Optional<Push> findPush(PushId id);

    Optional<Push> findPushByCheckoutRequestId(CheckoutRequestId id);

    /** The prompt being waited on for this phone ({@code SENDING} or {@code WAITING}), if any. */
    Optional<Push> findOpenPush(PhoneNumber phone);

    /**
     * Gives a push its final outcome and, for a success, records its payment, in one transaction. A success
     * while the operator still waits is linked to the subscriber (unless the amount differs from the amount
     * asked: then it is held unredeemed as {@link UnredeemedReason#AMOUNT_MISMATCH}); a success after the
     * operator stopped waiting or the window closed is late and handled by the configured late-payment policy.
     *
     * <p>The first outcome stands, with one exception (since 2.2): evidence of payment is never overruled by
     * silence. A success carrying a receipt ({@link Settlement.Evidence#carriesReceipt()}) for a push whose
     * non-success came from a status query replaces that outcome: within the waiting window (arrived, or paid by
     * M-Pesa's own time, before it closed) the push becomes {@link PushStatus#CONFIRMED} with its payment linked;
     * after it, the push keeps its status and the payment is late. A second, different receipt for a push already
     * paid is money too: it is recorded unredeemed ({@link UnredeemedReason#OUTCOME_CONFLICT}).
     *
     * @throws UnknownPaymentException when there is no such push
     */
    SettleResult settle(Settlement settlement);

    /**
     * {@link #settle(Settlement)}, and in the same transaction marks the journal entry that brought the answer with
     * what the settlement did ({@link ProviderEvent.Disposition#of}) and the note {@code note} makes of the result:
     * one commit instead of two, and the entry never says less than the ledger did. Nothing is marked when the
     * settlement fails (the entry stays RECEIVED for whoever handles the failure). A journal entry that does not
     * exist does not fail the settlement. Since 2.5.
     *
     * @throws UnknownPaymentException when there is no such push
     */
    SettleResult settle(Settlement settlement, long journalId, Function<SettleResult, String> note);

    /**
     * {@link #settle(Settlement)}, and in the same transaction journals the message that brought the answer, marked
     * with what the settlement did ({@link ProviderEvent.Disposition#of}) and the note {@code note} makes of the
     * result: one commit for a callback (shared with the answers settled at the same moment, when the ledger groups
     * them), and the raw message is never missing beside what it changed. When the settlement fails nothing is
     * written, the message included: the caller journals it on its own. Since 2.6.
     *
     * @throws UnknownPaymentException when there is no such push (nothing is written)
     */
    JournaledSettlement settle(Settlement settlement, ProviderEvent message, Function<SettleResult, String> note);

    /**
     * Stop Waiting: a push still waited on becomes {@link PushStatus#STOPPED}; others are returned unchanged.
     * {@link PushChange#changed()} is true for exactly one caller, however many stop it at once.
     *
     * @throws UnknownPaymentException when there is no such push
     */
    PushChange stopWaiting(PushId id, OperatorName operator);

    /**
     * The waiting window closed with no answer: a push still waited on becomes {@link PushStatus#TIMEOUT};
     * {@link PushChange#changed()} is true for exactly one caller.
     *
     * @throws UnknownPaymentException when there is no such push
     */
    PushChange endWaitingWindow(PushId id);

    /**
     * Up to {@code max} pushes left for review and still without an outcome, oldest first. A push leaves this
     * list when an answer settles it after all.
     */
    List<Push> pushesNeedingReview(int max);

    /**
     * The most recent pushes, newest first: up to {@code max}, of one status or ({@code null}) any.
     *
     * @since 2.1
     */
    List<Push> recentPushes(PushStatus status, int max);

    /**
     * The pushes a payment of {@code amount} by {@code subscriber} at {@code paidAt} may answer: created in the ten
     * minutes before it (an STK prompt lives about a minute), either without a payment and with no outcome yet or
     * only a status query's non-success, or paid by a status query's success without a receipt yet; oldest first,
     * ten at most. The push service decides which one a C2B confirmation pays: one charge, one payment.
     *
     * @since 2.2
     */
    List<Push> pushesAwaitingPayment(SubscriberId subscriber, Kes amount, Instant paidAt);

    /** Records a payment that is not a push's settlement (C2B, orphan callbacks); a known receipt is a duplicate. */
    RecordedPayment recordPayment(NewPayment payment);

    /**
     * Links an unredeemed payment to a subscriber, once, noting who and when.
     *
     * @throws UnknownPaymentException       when there is no such payment
     * @throws PaymentAlreadyLinkedException when it is already linked
     */
    Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator);

    Optional<Payment> findPayment(PaymentId id);

    Optional<Payment> findPaymentByReceipt(Receipt receipt);

    /** Payments matching the query, newest first. */
    List<Payment> findPayments(PaymentQuery query);
}
