package io.stkpush.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where every answer from the provider is applied: the callback resource (STK callbacks, C2B confirmations) and the
 * poller (status answers, the end of waiting windows). Each answer goes "journal, act, mark": the raw message is
 * journaled first ({@link #journal}), then applied by one of the methods below, each of which notes in the journal
 * what it did. Every path is idempotent and order-independent.
 */
@ProviderType
public interface ProviderAnswers {

    /**
     * Journals a raw provider message before anything is done with it. A failure propagates: then nothing was
     * kept, and the sender should be told to send again.
     */
    JournaledMessage journal(ProviderEvent event);

    /**
     * Journals a message with what was done with it ({@link ProviderEvent.Disposition#RECEIVED} and no note: not
     * handled yet), the notes gathered on it included, in one write. A failure propagates: then nothing was kept.
     * Since 2.6.
     */
    JournaledMessage journal(ReceivedMessage message, ProviderEvent.Disposition disposition, String note);

    /**
     * Notes what was done with a message that applied nothing (refused, noted, orphaned), with the notes gathered
     * on it. Best effort: the message is kept already; an entry that cannot be marked stays RECEIVED, which is what
     * review looks for.
     */
    void mark(JournaledMessage message, ProviderEvent.Disposition disposition, String note);

    /** The push an answer names, to check it before settling. */
    Optional<Push> find(PushId id);

    /**
     * Applies a final answer from any path (callback, status query), idempotently, in any order, and marks the
     * message with what it did.
     *
     * @throws UnknownPaymentException when there is no such push (the message is left for the caller to mark)
     */
    SettleResult settle(JournaledMessage message, Settlement settlement);

    /**
     * {@link #settle(JournaledMessage, Settlement)} for a message not journaled yet: journaled and settled in one
     * transaction, the entry marked with what the settlement did. When the settlement fails nothing is written and
     * the failure propagates: the caller journals the message on its own. Since 2.6.
     *
     * @throws UnknownPaymentException when there is no such push (nothing is written)
     */
    JournaledSettlement settle(ReceivedMessage message, Settlement settlement);

    /**
     * Records a customer-initiated (C2B) payment: a receipt already known is a duplicate; otherwise it is linked
     * to the subscriber whose account number matches {@code accountReference} (trimmed, case-insensitive), or
     * held unredeemed as {@link UnredeemedReason#UNKNOWN_ACCOUNT}. Marks the message.
     */
    RecordedPayment recordC2bPayment(JournaledMessage message, C2bPayment payment);

    /**
     * Records money the provider reports paid for a push the ledger does not know (a valid callback URL, no such
     * push): held unredeemed as {@link UnredeemedReason#UNKNOWN_PUSH}; a receipt already known is a duplicate.
     * Marks the message {@link ProviderEvent.Disposition#ORPHAN}.
     */
    RecordedPayment recordUnknownPushPayment(JournaledMessage message, PushId pushId, PaidDetails paid);

    /**
     * The operator's waiting window closed with no answer: a push still waited on shows TIMEOUT; the server keeps
     * reconciling it. Called by the poller, also for pushes left over by a node that crashed.
     */
    PushChange endWaitingWindow(PushId id);
}
