package io.stkpush.callback.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.stkpush.api.provider.ProviderException;
import io.stkpush.daraja.C2bApiVersion;
import io.stkpush.daraja.C2bRegistration;
import io.stkpush.daraja.C2bResponseType;
import io.stkpush.daraja.C2bUrlRegistration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code registerC2bUrls=true}: registers this server's C2B URLs with Daraja when it starts, and again when the
 * setting is switched on or the version changes. Off by default: in production the URLs are registered once per
 * short code and cannot simply be replaced.
 *
 * <p>The call goes out on its own thread so that a slow Daraja never holds up the framework, and is tried again with
 * a growing delay (5 s up to 5 min) until it succeeds or the setting changes. M-Pesa accepts a
 * payment whose validation URL does not answer ({@code ResponseType Completed}): money is never refused because
 * this server was unreachable. The URLs carry the C2B token and are never logged.
 */
@Component(service = {}, configurationPid = CallbackConfig.PID)
public class C2bUrlRegistrar {

    /** First retry after a failed registration; it doubles up to {@link #LAST_RETRY}. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration LAST_RETRY = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(C2bUrlRegistrar.class);

    /** Runs a task after a delay: a scheduled thread in Karaf, by hand in tests. */
    interface Later {
        void run(Runnable task, Duration delay);
    }

    private final CallbackGuard guard;
    private final C2bUrlRegistration registration;
    private final Later later;
    private final ScheduledExecutorService ownScheduler;
    /** The version being registered (or registered), {@code null} while registration is off. */
    private C2bApiVersion wanted;

    @Activate
    public C2bUrlRegistrar(@Reference CallbackGuard guard, @Reference C2bUrlRegistration registration,
            CallbackConfig config) {
        this(guard, registration, Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "stkpush-c2b-registration");
            thread.setDaemon(true);
            return thread;
        }), config);
    }

    private C2bUrlRegistrar(CallbackGuard guard, C2bUrlRegistration registration, ScheduledExecutorService scheduler,
            CallbackConfig config) {
        this(guard, registration, (task, delay) -> scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                scheduler, config);
    }

    C2bUrlRegistrar(CallbackGuard guard, C2bUrlRegistration registration, Later later, CallbackConfig config) {
        this(guard, registration, later, null, config);
    }

    private C2bUrlRegistrar(CallbackGuard guard, C2bUrlRegistration registration, Later later,
            ScheduledExecutorService ownScheduler, CallbackConfig config) {
        this.guard = guard;
        this.registration = registration;
        this.later = later;
        this.ownScheduler = ownScheduler;
        modified(config);
    }

    /** Other settings of the PID (the key, the allow list) change nothing here. */
    @Modified
    synchronized void modified(CallbackConfig config) {
        if (!config.registerC2bUrls()) {
            wanted = null;
            return;
        }
        C2bApiVersion version;
        try {
            version = C2bApiVersion.valueOf(config.c2bApiVersion().strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            LOG.error("C2B URLs not registered: c2bApiVersion must be v1 or v2, not '{}'", config.c2bApiVersion());
            return;
        }
        if (version != wanted) {
            wanted = version;
            later.run(() -> register(version, FIRST_RETRY), Duration.ZERO);
        }
    }

    @Deactivate
    void stop() {
        synchronized (this) {
            wanted = null;
        }
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
    }

    private synchronized boolean stillWanted(C2bApiVersion version) {
        return wanted == version;
    }

    /**
     * Registers, and on failure tries again later while this version is still wanted: Daraja (or, in the demo, the
     * simulator in the same Karaf) may not answer yet when this server starts.
     */
    private void register(C2bApiVersion version, Duration nextRetry) {
        if (!stillWanted(version)) {
            return; // switched off or to another version meanwhile
        }
        String problem;
        try {
            C2bRegistration done = registration.register(version, C2bResponseType.COMPLETED, guard.c2bConfirmation(),
                    guard.c2bValidation());
            LOG.info("C2B URLs for short code {} ({}): {}", done.shortCode(), version.path(),
                    done.alreadyRegistered() ? "already registered" : "registered");
            return;
        } catch (ProviderException e) {
            problem = e.getMessage();
        } catch (RuntimeException e) {
            problem = e.toString();
        }
        LOG.warn("C2B URLs not registered ({}): {}; trying again in {} s", version.path(), problem,
                nextRetry.toSeconds());
        Duration after = nextRetry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : nextRetry.multipliedBy(2);
        later.run(() -> register(version, after), nextRetry);
    }
}
