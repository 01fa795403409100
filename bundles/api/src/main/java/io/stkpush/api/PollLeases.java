package io.stkpush.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The status-polling work the ledger hands out: due queries under leases, and the sweep of waiting windows that
 * ended. What the poller uses; the lease is what keeps two nodes from asking about the same push at once.
 */
@ProviderType
public interface PollLeases {

    /**
     * Leases up to {@code max} pushes whose next status query is due and that no live lease holds, for
     * {@code leaseFor}. Two callers (threads or nodes) never lease the same push at once.
     */
    List<Push> leaseDuePolls(String owner, int max, Duration leaseFor);

    /**
     * Notes a status query made under a lease: one more attempt, the next one due at {@code nextPollAt}, lease
     * released. {@code null} means polling gives up: the push, still without an outcome, is left for review
     * ({@link Push#reviewSince()}). Ignored (push returned unchanged) if {@code owner} no longer holds the lease.
     */
    Push recordPollAttempt(PushId id, String owner, Instant nextPollAt);

    /**
     * Notes a status query put off under a lease without being sent (this node's query budget had no turn for it):
     * the query due again at {@code nextPollAt}, lease released, attempts unchanged, since nothing was asked. Ignored
     * (push returned unchanged) if {@code owner} no longer holds the lease.
     *
     * @since 2.8
     */
    Push deferPoll(PushId id, String owner, Instant nextPollAt);

    /**
     * Up to {@code max} pushes still waited on (SENDING or WAITING) whose waiting window has ended, oldest
     * first: the poller ends their wait ({@link ProviderAnswers#endWaitingWindow}), also after a node crashed. A
     * push whose status query is long overdue (no poller ran: a restart, an outage) is left out until it has been
     * asked about, for a few minutes at most, so that a payment made in time and learnt late is not called late.
     */
    List<Push> pushesPastTheirWindow(int max);
}
