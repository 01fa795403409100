package io.stkpush.poller.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.PollLeases;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.Push;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.StatusAnswer;

/**
 * Asks the provider how accepted pushes stand until each has a final answer. The schedule lives in the ledger
 * (next query, attempts, lease), so a restart or another node carries on where this one stopped; the ledger's
 * lease is what keeps two nodes from asking about the same push at once. Each {@link #tick()} also ends the
 * operator's wait for pushes past their window. Answers are applied by {@link StatusAnswers}, the same path an
 * administrator's "ask now" takes, through {@link ProviderAnswers}, which journals them and notes what was done,
 * as it does for callbacks.
 */
final class StatusPoller {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPoller.class);

    /** What one tick did: the windows it ended (not those another node ended first), the pushes it asked about. */
    record Tick(int windowsEnded, int queried) {
    }

    private final ProviderAnswers answers;
    private final StatusAnswers statusAnswers;
    private final PollLeases leases;
    private final Supplier<PaymentProvider> provider;
    private final Clock clock;
    private final PollingSchedule schedule;
    private final String nodeId;
    private final int batchSize;
    private final Duration lease;
    private final ExecutorService queries;
    private final DoubleSupplier random;

    /**
     * @param queries the bounded pool status queries run on; the caller owns and shuts it down
     */
    StatusPoller(ProviderAnswers answers, PollLeases leases, Supplier<PaymentProvider> provider, Clock clock,
            PollingSchedule schedule, String nodeId, int batchSize, Duration lease, ExecutorService queries) {
        this(answers, leases, provider, clock, schedule, nodeId, batchSize, lease, queries,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform in [0, 1), for the jitter */
    StatusPoller(ProviderAnswers answers, PollLeases leases, Supplier<PaymentProvider> provider, Clock clock,
            PollingSchedule schedule, String nodeId, int batchSize, Duration lease, ExecutorService queries,
            DoubleSupplier random) {
        this.random = Objects.requireNonNull(random, "random");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.statusAnswers = new StatusAnswers(answers, clock);
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.batchSize = batchSize;
        this.lease = Objects.requireNonNull(lease, "lease");
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    /**
     * One round: end the windows that are over, then query the pushes that are due, and return once those
     * queries are done (or the lease ran out: the leftovers go back to whoever leases them next).
     */
    Tick tick() {
        int ended = endWindows();
        List<Push> due = leases.leaseDuePolls(nodeId, batchSize, lease);
        if (due.isEmpty()) {
            return new Tick(ended, 0);
        }
        List<Callable<Void>> tasks = due.stream().<Callable<Void>>map(push -> () -> {
            poll(push);
            return null;
        }).toList();
        try {
            List<Future<Void>> done = queries.invokeAll(tasks, lease.toMillis(), TimeUnit.MILLISECONDS);
            long unfinished = done.stream().filter(Future::isCancelled).count();
            if (unfinished > 0) {
                LOG.warn("{} status queries did not finish within the {} s lease; they will be retried", unfinished,
                        lease.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the leases expire and another tick takes them
        } catch (RejectedExecutionException e) {
            LOG.debug("Status queries refused: the poller is stopping");
        }
        return new Tick(ended, due.size());
    }

    /**
     * The operator's dialog stops waiting at the window's end (also for pushes of a node that died). Counts the
     * windows this call ended.
     */
    private int endWindows() {
        int ended = 0;
        for (Push push : leases.pushesPastTheirWindow(batchSize)) {
            try {
                if (answers.endWaitingWindow(push.id()).changed()) {
                    ended++;
                }
            } catch (RuntimeException e) {
                LOG.warn("Push {}: could not end its waiting window", push.id(), e);
            }
        }
        return ended;
    }

    /** Queries one leased push; whatever happens, it is either settled or rescheduled (or its lease runs out). */
    private void poll(Push push) {
        try {
            StatusAnswer answer = provider.get().queryStatus(push.checkoutRequestId());
            if (statusAnswers.apply(push, answer, null).isEmpty()) {
                reschedule(push); // not final: ask again later; a final answer ended the schedule as it settled
            }
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.BUSY) {
                // the status query budget is used up for now (nothing was sent): ask again in a moment
                LOG.debug("Push {}: status query deferred ({})", push.id(), e.getMessage());
                deferBriefly(push);
                return;
            }
            LOG.info("Push {}: no status from the provider ({} {} {}): {}", push.id(), e.kind(), e.reason().code(),
                    e.code(), e.getMessage());
            reschedule(push);
        } catch (RuntimeException e) {
            LOG.warn("Push {}: status query failed", push.id(), e);
            reschedule(push);
        }
    }

    private void reschedule(Push push) {
        Instant now = clock.instant();
        Instant next = jittered(now, schedule.next(push.createdAt(), now), push.createdAt());
        record(push, next);
    }

    /**
     * About two seconds later, spread by the jitter so the deferred queries do not come back together; not counted
     * as a query made, since nothing was sent.
     */
    private void deferBriefly(Push push) {
        Instant now = clock.instant();
        Instant next = jittered(now, now.plusSeconds(2), push.createdAt());
        try {
            leases.deferPoll(push.id(), nodeId, next);
        } catch (RuntimeException e) {
            LOG.warn("Push {}: could not put off the status query; its lease will expire", push.id(), e);
        }
    }

    /**
     * {@code next} moved by up to the schedule's jitter, never before now nor past the give-up limit; {@code null}
     * stays null.
     */
    private Instant jittered(Instant now, Instant next, Instant sentAt) {
        if (next == null || schedule.jitterPercent() == 0) {
            return next;
        }
        long delayMillis = Duration.between(now, next).toMillis();
        double spread = (random.getAsDouble() * 2 - 1) * schedule.jitterPercent() / 100.0;
        Instant moved = now.plusMillis(Math.max(0, Math.round(delayMillis * (1 + spread))));
        Instant deadline = sentAt.plus(schedule.giveUpAfter());
        return moved.isAfter(deadline) ? deadline : moved;
    }

    private void record(Push push, Instant next) {
        try {
            leases.recordPollAttempt(push.id(), nodeId, next);
        } catch (RuntimeException e) {
            LOG.warn("Push {}: could not record the status query; its lease will expire", push.id(), e);
            return;
        }
        if (next == null) {
            LOG.warn("Push {}: no final answer after {} status queries since {}; polling stopped, left for review",
                    push.id(), push.pollAttempts() + 1, push.createdAt());
        }
    }
}
