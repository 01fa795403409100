package io.stkpush.ledger.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;

import javax.sql.DataSource;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.JournalArchive;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.JournaledSettlement;
import io.stkpush.api.Kes;
import io.stkpush.api.LedgerCounts;
import io.stkpush.api.LedgerHealth;
import io.stkpush.api.LedgerHealthCheck;
import io.stkpush.api.LedgerOverview;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPayment;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PollLeases;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.Push;
import io.stkpush.api.PushChange;
import io.stkpush.api.PushId;
import io.stkpush.api.PushLedger;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;

/**
 * The ledger's six roles on one database: what {@link LedgerComponent} registers, and what other bundles' tests
 * use (see {@code TestLedgers}). Each role is implemented on its own ({@link JdbcPushLedger},
 * {@link JdbcPollLeases}, {@link JdbcProviderJournal}, {@link JdbcJournalArchive}, {@link JdbcLedgerHealth},
 * {@link JdbcLedgerOverview}); this only hands each call on.
 */
public class JdbcLedger implements PushLedger, PollLeases, ProviderJournal, JournalArchive, LedgerHealthCheck,
        LedgerOverview {

    private final JdbcPushLedger pushes;
    private final JdbcPollLeases leases;
    private final JdbcProviderJournal journal;
    private final JdbcJournalArchive archive;
    private final JdbcLedgerHealth health;
    private final JdbcLedgerOverview overview;

    public JdbcLedger(DataSource dataSource, Clock clock, LatePaymentPolicy latePaymentPolicy) {
        LedgerDatabase database = new LedgerDatabase(dataSource, clock);
        this.pushes = new JdbcPushLedger(database, latePaymentPolicy);
        this.leases = new JdbcPollLeases(database);
        this.journal = new JdbcProviderJournal(database);
        this.archive = new JdbcJournalArchive(database);
        this.health = new JdbcLedgerHealth(database);
        this.overview = new JdbcLedgerOverview(database);
    }

    /** Applies a changed configuration to the settlements that follow. */
    void latePaymentPolicy(LatePaymentPolicy policy) {
        pushes.latePaymentPolicy(policy);
    }

    LatePaymentPolicy latePaymentPolicy() {
        return pushes.latePaymentPolicy();
    }

    // ---- PushLedger --------------------------------------------------------------------------------------

    @Override
    public Push createPush(NewPush push) {
        return pushes.createPush(push);
    }

    @Override
    public Push recordAcceptance(PushId id, MerchantRequestId merchantRequestId,
            CheckoutRequestId checkoutRequestId, Instant firstPollAt) {
        return pushes.recordAcceptance(id, merchantRequestId, checkoutRequestId, firstPollAt);
    }

    @Override
    public Push recordDeliveryUnknown(PushId id, String providerText) {
        return pushes.recordDeliveryUnknown(id, providerText);
    }

    @Override
    public Optional<Push> findPush(PushId id) {
        return pushes.findPush(id);
    }

    @Override
    public Optional<Push> findPushByCheckoutRequestId(CheckoutRequestId id) {
        return pushes.findPushByCheckoutRequestId(id);
    }

    @Override
    public Optional<Push> findOpenPush(PhoneNumber phone) {
        return pushes.findOpenPush(phone);
    }

    @Override
    public SettleResult settle(Settlement settlement) {
        return pushes.settle(settlement);
    }

    @Override
    public SettleResult settle(Settlement settlement, long journalId, Function<SettleResult, String> note) {
        return pushes.settle(settlement, journalId, note);
    }

    @Override
    public JournaledSettlement settle(Settlement settlement, ProviderEvent message,
            Function<SettleResult, String> note) {
        return pushes.settle(settlement, message, note);
    }

    @Override
    public PushChange stopWaiting(PushId id, OperatorName operator) {
        return pushes.stopWaiting(id, operator);
    }

    @Override
    public PushChange endWaitingWindow(PushId id) {
        return pushes.endWaitingWindow(id);
    }

    @Override
    public List<Push> recentPushes(PushStatus status, int max) {
        return pushes.recentPushes(status, max);
    }

    @Override
    public List<Push> pushesAwaitingPayment(SubscriberId subscriber, Kes amount, Instant paidAt) {
        return pushes.pushesAwaitingPayment(subscriber, amount, paidAt);
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
        return pushes.pushesNeedingReview(max);
    }

    @Override
    public RecordedPayment recordPayment(NewPayment payment) {
        return pushes.recordPayment(payment);
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        return pushes.linkPayment(id, subscriberId, operator);
    }

    @Override
    public Optional<Payment> findPayment(PaymentId id) {
        return pushes.findPayment(id);
    }

    @Override
    public Optional<Payment> findPaymentByReceipt(Receipt receipt) {
        return pushes.findPaymentByReceipt(receipt);
    }

    @Override
    public List<Payment> findPayments(PaymentQuery query) {
        return pushes.findPayments(query);
    }

    // ---- PollLeases --------------------------------------------------------------------------------------

    @Override
    public List<Push> leaseDuePolls(String owner, int max, Duration leaseFor) {
        return leases.leaseDuePolls(owner, max, leaseFor);
    }

    @Override
    public Push recordPollAttempt(PushId id, String owner, Instant nextPollAt) {
        return leases.recordPollAttempt(id, owner, nextPollAt);
    }

    @Override
    public Push deferPoll(PushId id, String owner, Instant nextPollAt) {
        return leases.deferPoll(id, owner, nextPollAt);
    }

    @Override
    public List<Push> pushesPastTheirWindow(int max) {
        return leases.pushesPastTheirWindow(max);
    }

    /** The group commit behind {@link #settle(Settlement, ProviderEvent, Function)}, for tests. */
    GroupCommit groupCommit() {
        return pushes.groupCommit();
    }

    // ---- ProviderJournal ---------------------------------------------------------------------------------

    @Override
    public long journal(ProviderEvent event) {
        return journal.journal(event);
    }

    @Override
    public long journal(ProviderEvent event, ProviderEvent.Disposition disposition, String note) {
        return journal.journal(event, disposition, note);
    }

    @Override
    public void markJournaled(long journalId, ProviderEvent.Disposition disposition, String note) {
        journal.markJournaled(journalId, disposition, note);
    }

    @Override
    public List<JournalEntry> recentJournal(int limit) {
        return journal.recentJournal(limit);
    }

    @Override
    public List<JournalEntry> unprocessed(Set<ProviderEvent.Channel> channels, Instant receivedBefore, int max) {
        return journal.unprocessed(channels, receivedBefore, max);
    }

    // ---- JournalArchive ----------------------------------------------------------------------------------

    @Override
    public ArchiveCount countArchivable(Instant cutoff) {
        return archive.countArchivable(cutoff);
    }

    @Override
    public List<JournalEntry> archivable(Instant cutoff, long afterId, int max) {
        return archive.archivable(cutoff, afterId, max);
    }

    @Override
    public int removeArchived(Instant cutoff, Collection<Long> ids) {
        return archive.removeArchived(cutoff, ids);
    }

    // ---- LedgerHealthCheck -------------------------------------------------------------------------------

    @Override
    public LedgerHealth health() {
        return health.health();
    }

    // ---- LedgerOverview ----------------------------------------------------------------------------------

    @Override
    public LedgerCounts counts() {
        return overview.counts();
    }
}
