package io.stkpush.callback.internal;

import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * <p>The call goes out on its own thread so that a slow Daraja never holds up the framework. M-Pesa accepts a
 * payment whose validation URL does not answer ({@code ResponseType Completed}): money is never refused because
 * this server was unreachable. The URLs carry the C2B token and are never logged.
 */
@Component(service = {}, configurationPid = CallbackConfig.PID)
public class C2bUrlRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(C2bUrlRegistrar.class);

    private final CallbackGuard guard;
    private final C2bUrlRegistration registration;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private C2bApiVersion registered;

    @Activate
    public C2bUrlRegistrar(@Reference CallbackGuard guard, @Reference C2bUrlRegistration registration,
            CallbackConfig config) {
        this(guard, registration, Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "stkpush-c2b-registration");
            thread.setDaemon(true);
            return thread;
        }), config);
    }

    C2bUrlRegistrar(CallbackGuard guard, C2bUrlRegistration registration, Executor executor, CallbackConfig config) {
        this.guard = guard;
        this.registration = registration;
        this.executor = executor;
        this.ownExecutor = executor instanceof ExecutorService service ? service : null;
        modified(config);
    }

    /** Other settings of the PID (the key, the allow list) change nothing here. */
    @Modified
    synchronized void modified(CallbackConfig config) {
        if (!config.registerC2bUrls()) {
            registered = null;
            return;
        }
        C2bApiVersion version;
        try {
            version = C2bApiVersion.valueOf(config.c2bApiVersion().strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            LOG.error("C2B URLs not registered: c2bApiVersion must be v1 or v2, not '{}'", config.c2bApiVersion());
            return;
        }
        if (version != registered) {
            registered = version;
            executor.execute(() -> register(version));
        }
    }

    @Deactivate
    void stop() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    private void register(C2bApiVersion version) {
        try {
            C2bRegistration done = registration.register(version, C2bResponseType.COMPLETED, guard.c2bConfirmation(),
                    guard.c2bValidation());
            LOG.info("C2B URLs for short code {} ({}): {}", done.shortCode(), version.path(),
                    done.alreadyRegistered() ? "already registered" : "registered");
        } catch (ProviderException e) {
            LOG.error("C2B URLs not registered ({}): {}", version.path(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("C2B URLs not registered ({}): {}", version.path(), e.toString());
        }
    }
}
