package io.stkpush.poller.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.PollLeases;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.provider.PaymentProvider;

/**
 * Runs the {@link StatusPoller} on this node: one tick at a time on its own thread, status queries on a small
 * bounded pool. A configuration change restarts the component (DS does that without a modified method); nothing
 * is lost, since the schedule is in the ledger and unfinished leases simply expire. The waiting window the same
 * configuration sets is served by {@link PushScheduleComponent}.
 */
@Component(service = {}, immediate = true, configurationPid = PollingSchedulerComponent.PID)
@Designate(ocd = PollerConfig.class)
public class PollingSchedulerComponent {

    static final String PID = "io.stkpush.poller";

    private static final Logger LOG = LoggerFactory.getLogger(PollingSchedulerComponent.class);
    private static final long STOP_WAIT_SECONDS = 5;

    final ScheduledExecutorService ticks;
    final ExecutorService queries;

    /** @throws IllegalArgumentException naming bad keys; the component then does not start */
    @Activate
    public PollingSchedulerComponent(@Reference(name = "answers") ProviderAnswers answers,
            @Reference(name = "leases") PollLeases leases, @Reference(name = "provider") PaymentProvider provider,
            PollerConfig config) {
        PollingSchedule schedule = schedule(config);
        if (config.threads() < 1 || config.batchSize() < 1 || config.leaseSeconds() < 1 || config.tickMillis() < 1) {
            String problem = "threads, batchSize, leaseSeconds and tickMillis must be positive";
            LOG.error(problem);
            throw new IllegalArgumentException(problem);
        }
        String nodeId = config.nodeId() == null || config.nodeId().isBlank() ? defaultNodeId() : config.nodeId().strip();
        this.queries = Executors.newFixedThreadPool(config.threads(), threads("stkpush-status-query-"));
        this.ticks = Executors.newSingleThreadScheduledExecutor(threads("stkpush-poller-"));
        StatusPoller poller = new StatusPoller(answers, leases, () -> provider, Clock.systemUTC(), schedule,
                nodeId, config.batchSize(), Duration.ofSeconds(config.leaseSeconds()), queries);
        // fixed delay: the next tick starts only after this one finished
        ticks.scheduleWithFixedDelay(() -> tick(poller), config.tickMillis(), config.tickMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Status poller started as node {}: {}, {} thread(s)", nodeId, schedule, config.threads());
    }

    private static PollingSchedule schedule(PollerConfig config) {
        try {
            return PollingSchedule.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}", e.getMessage());
            throw e;
        }
    }

    /** An exception escaping a scheduled task would stop all later ticks: log it and carry on next time. */
    private static void tick(StatusPoller poller) {
        try {
            poller.tick();
        } catch (RuntimeException e) {
            LOG.warn("Status poller tick failed; retrying at the next tick", e);
        }
    }

    @Deactivate
    void deactivate() {
        ticks.shutdown();
        queries.shutdown();
        try {
            if (!ticks.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)
                    || !queries.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                // queries still running are abandoned; their leases expire and another tick redoes them
                ticks.shutdownNow();
                queries.shutdownNow();
            }
        } catch (InterruptedException e) {
            ticks.shutdownNow();
            queries.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("Status poller stopped");
    }

    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
