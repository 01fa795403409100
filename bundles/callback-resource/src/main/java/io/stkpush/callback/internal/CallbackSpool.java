package io.stkpush.callback.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.stkpush.api.CallbackBacklog;
import io.stkpush.api.LedgerHealthCheck;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.WaitingCallbacks;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what Daraja sent while the ledger cannot take it, and hands it to the ledger once it can. Daraja does not
 * send a callback again when it was not delivered, so a hook whose journal write fails (or whose processing fails
 * after the journal write) keeps the request here, on local disk, and answers success only once it is durable.
 *
 * <p>One thread, {@value #THREAD_NAME}, replays the spool in the order messages arrived: each is journaled (unless it
 * already was) and processed through the same code as a live hook, then marked done. It retries every
 * {@code firstRetry}, doubling up to {@code maxRetry}, while the ledger does not answer. A message is marked done
 * only after it was journaled and processed, so a crash replays it at worst twice, which the ledger's idempotency
 * (by receipt and outcome) makes harmless. A message whose processing keeps failing while the ledger's database
 * answers is given up after {@value #GIVE_UP_AFTER} attempts: it stays in the journal as RECEIVED with a note, so
 * that it does not hold up everything behind it, and the journal janitor takes it up later.
 *
 * <p>The same thread runs the {@link JournalJanitor} {@code 30 s} after the start and then every 3 minutes: it finishes
 * the callbacks journaled and never processed (Karaf killed between the two), leaving alone those the spool holds.
 *
 * <p>What waits is published as {@link CallbackBacklog}, for health. Registered by hand without properties, as
 * {@link CallbackGuard} is: DS would publish the shared configuration, the HMAC key included, as service properties.
 */
@Component(service = {}, configurationPid = CallbackConfig.PID)
public class CallbackSpool implements CallbackBacklog {

    static final String THREAD_NAME = "stkpush-callback-spool";
    static final int GIVE_UP_AFTER = 5;

    private static final Logger LOG = LoggerFactory.getLogger(CallbackSpool.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(15);
    private static final long STOP_WAIT_SECONDS = 10;
    private static final Duration JANITOR_FIRST = Duration.ofSeconds(30);
    private static final Duration JANITOR_EVERY = Duration.ofMinutes(3);

    /** What the spool holds, for health and the logs. */
    record Status(int messages, Instant oldest, Path directory, String problem) {

        /** "3 messages spooled, oldest received at …", or why the spool cannot be used. */
        String describe() {
            if (problem != null) {
                return "The callback spool cannot be used: " + problem;
            }
            if (messages == 0) {
                return "No messages spooled.";
            }
            return messages + (messages == 1 ? " message" : " messages") + " spooled, oldest received at " + oldest
                    + ".";
        }
    }

    private final long firstRetryMillis;
    private final long maxRetryMillis;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final SpoolReplay replay;
    private final JournalJanitor janitor;
    private final Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile LedgerHealthCheck health;

    /** The ledger's journal, for the janitor to find what was never processed; optional like health. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ProviderJournal journal;

    /** Spools still to replay, oldest first; the last is where new messages go. Guarded by {@code this}. */
    private final List<SpoolFile> spools = new ArrayList<>();
    private Path directory;
    private String problem;
    /**
     * Why the last message could not be appended (disk full, read-only), or {@code null}: that callback was refused.
     * Cleared by the next message kept or a new directory; a spool with no message to keep cannot tell it is repaired.
     */
    private String writeFailure;
    private long retryMillis;
    private volatile boolean stopping;
    private ServiceRegistration<?> registration;

    @Activate
    public CallbackSpool(BundleContext context, @Reference ProviderAnswers answers, CallbackConfig config) {
        this(answers, directory(config.spoolDirectory()), Clock.systemUTC(), FIRST_RETRY, MAX_RETRY);
        janitor.configure(config);
        sweepEvery(JANITOR_FIRST, JANITOR_EVERY);
        registration = context.registerService(
                new String[] {CallbackBacklog.class.getName(), CallbackSpool.class.getName()}, this, null);
    }

    CallbackSpool(ProviderAnswers answers, Path directory, Clock clock, Duration firstRetry, Duration maxRetry) {
        this.firstRetryMillis = firstRetry.toMillis();
        this.maxRetryMillis = maxRetry.toMillis();
        this.retryMillis = firstRetryMillis;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
        this.clock = clock;
        this.replay = new SpoolReplay(answers, this, clock, () -> health);
        this.janitor = new JournalJanitor(answers, this, clock, () -> journal, () -> health);
        this.directory = directory;
        synchronized (this) {
            open(directory);
        }
        if (size() > 0) {
            LOG.warn("Callback spool {}: {} Replaying them in order when the payment ledger answers.", directory,
                    status().describe());
            wake(0);
        }
    }

    /**
     * The spool directory: as configured ({@code ${karaf.data}} is expanded), by default
     * {@code ${karaf.data}/stkpush/callback-spool}.
     */
    static Path directory(String configured) {
        String data = System.getProperty("karaf.data", "data");
        if (configured == null || configured.isBlank()) {
            return Paths.get(data, "stkpush", "callback-spool").toAbsolutePath();
        }
        return Paths.get(configured.strip().replace("${karaf.data}", data)).toAbsolutePath();
    }

    /**
     * A new directory takes new messages at once; what the old one still holds is replayed first, then that file
     * is closed. A directory that cannot be used leaves the current one in use.
     */
    @Modified
    void modified(CallbackConfig config) {
        janitor.configure(config);
        Path next = directory(config.spoolDirectory());
        synchronized (this) {
            if (next.equals(directory)) {
                return;
            }
            SpoolFile opened;
            try {
                opened = SpoolFile.open(next);
            } catch (IOException e) {
                LOG.error("spoolDirectory {} cannot be used ({}); callbacks are still spooled in {}", next,
                        e.getMessage(), directory);
                return;
            }
            spools.add(opened);
            directory = next;
            problem = null;
            writeFailure = null;
            LOG.info("Callbacks are spooled in {} from now on", next);
        }
        wake(0);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        stopping = true;
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("The callback spool replay did not stop within {} s", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (SpoolFile spool : spools) {
                try {
                    spool.close();
                } catch (IOException e) {
                    LOG.warn("The callback spool {} did not close cleanly: {}", spool.directory(), e.toString());
                }
            }
            spools.clear();
        }
    }

    /**
     * Keeps a message durably (written and forced to disk) and wakes the replay.
     *
     * @throws IOException when it could not be kept: the hook must not answer success
     */
    void keep(SpooledMessage message) throws IOException {
        long seq;
        int size;
        Path into;
        synchronized (this) {
            if (stopping) {
                throw new IOException("the callback spool is stopping");
            }
            SpoolFile spool = current();
            boolean wasEmpty = size() == 0;
            try {
                seq = spool.append(message);
            } catch (IOException e) {
                writeFailure = spool.directory() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()) + " (a callback could not be kept at " + clock.instant() + ")";
                throw e;
            }
            writeFailure = null;
            size = size();
            into = spool.directory();
            if (wasEmpty) {
                LOG.warn("The payment ledger cannot take callbacks: they are kept in the spool {} and replayed in "
                        + "order when it answers", into);
            }
        }
        LOG.info("{} kept in the spool (message {}; {} waiting)", message.describe(), seq, size);
        wake(currentRetry());
    }

    /** How many messages wait, the oldest, or why the spool cannot be used. */
    synchronized Status status() {
        return new Status(size(), oldest(), directory, spools.isEmpty() ? problem : writeFailure);
    }

    /** For health: the problem in the words of {@link Status#describe()}. */
    @Override
    public WaitingCallbacks waiting() {
        Status status = status();
        return new WaitingCallbacks(status.messages(), status.oldest(),
                status.problem() == null ? null : status.describe());
    }

    // ---- the replay thread -------------------------------------------------------------------------------

    /** Runs the journal janitor on this thread, {@code first} from now and then {@code every}. */
    void sweepEvery(Duration first, Duration every) {
        try {
            worker.scheduleWithFixedDelay(this::sweep, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void sweep() {
        if (stopping) {
            return;
        }
        try {
            janitor.pass();
        } catch (RuntimeException e) {
            // a task that throws is never run again: the next sweep must still come
            LOG.error("Journal janitor failed; trying again on its next pass: {}", e.toString());
        }
    }

    JournalJanitor janitor() {
        return janitor;
    }

    /** The journal entries the spool is to replay: the janitor leaves them to it. */
    synchronized Set<Long> spooledJournalIds() {
        Set<Long> ids = new HashSet<>();
        for (SpoolFile spool : spools) {
            for (SpoolFile.Pending pending : spool.pending()) {
                if (pending.journalId() != null) {
                    ids.add(pending.journalId());
                }
            }
        }
        return ids;
    }

    /** Schedules a replay pass in {@code delayMillis} unless one is already scheduled. */
    private void wake(long delayMillis) {
        if (stopping || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.schedule(this::pass, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            scheduled.set(false); // stopping
        }
    }

    private void pass() {
        scheduled.set(false);
        boolean finished;
        try {
            finished = replay.pass();
        } catch (RuntimeException e) {
            LOG.error("Callback spool replay failed; trying again later: {}", e.toString());
            finished = false;
        }
        if (stopping) {
            return;
        }
        long delay;
        synchronized (this) {
            retryMillis = finished ? firstRetryMillis : Math.min(retryMillis * 2, maxRetryMillis);
            delay = retryMillis;
        }
        if (!finished) {
            wake(delay);
        }
    }

    private synchronized long currentRetry() {
        return retryMillis;
    }

    boolean stopping() {
        return stopping;
    }

    /** The spools to replay, oldest first. */
    synchronized List<SpoolFile> spools() {
        return new ArrayList<>(spools);
    }

    /** A spool emptied by the replay is closed unless new messages go into it. */
    synchronized void drained(SpoolFile spool) {
        if (spools.indexOf(spool) < spools.size() - 1 && spool.size() == 0) {
            spools.remove(spool);
            try {
                spool.close();
            } catch (IOException e) {
                LOG.warn("The callback spool {} did not close cleanly: {}", spool.directory(), e.toString());
            }
            LOG.info("The callback spool {} is replayed and no longer used", spool.directory());
        }
    }

    // ---- the files ---------------------------------------------------------------------------------------

    /** Where new messages go; reopened here after a failure, since the disk may have been repaired meanwhile. */
    private SpoolFile current() throws IOException {
        if (spools.isEmpty() && !open(directory)) {
            throw new IOException(problem);
        }
        return spools.get(spools.size() - 1);
    }

    private boolean open(Path dir) {
        try {
            spools.add(SpoolFile.open(dir));
            problem = null;
            return true;
        } catch (IOException | RuntimeException e) {
            problem = dir + ": " + e.getMessage();
            LOG.error("The callback spool {} cannot be used ({}): while the payment ledger is down, callbacks are "
                    + "answered 503", dir, e.toString());
            return false;
        }
    }

    private synchronized int size() {
        return spools.stream().mapToInt(SpoolFile::size).sum();
    }

    private synchronized Instant oldest() {
        return spools.stream().map(SpoolFile::oldest).filter(o -> o != null).min(Instant::compareTo).orElse(null);
    }
}
