package io.stkpush.callback.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;

import io.stkpush.api.PushId;
import io.stkpush.api.provider.CallbackUrls;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the HMAC key and the rest of configuration {@code io.stkpush.callback}: makes the callback URLs the push
 * service hands to Daraja ({@link CallbackUrls}) and gives the resource the settings to check requests with.
 *
 * <p>With no {@code hmacKey} configured, a random key is generated and written back into the same configuration
 * (Config Admin keeps it across restarts; Karaf also writes it into {@code etc/io.stkpush.callback.cfg} when that
 * file exists), so callback URLs handed out before a restart still work. Each node generates its own key, so
 * several nodes behind one public address must be given the same key by the operator. An empty key later keeps
 * the key in use: to rotate, set a new one.
 *
 * <p>The services are registered by hand, without properties: DS would publish every configuration property,
 * the key included, as a service property anyone can list in the Karaf console.
 */
@Component(service = {}, configurationPid = CallbackConfig.PID)
@Designate(ocd = CallbackConfig.class)
public class CallbackGuard implements CallbackUrls {

    static final String STK_PATH = "/hooks/daraja/stk/";
    static final String C2B_VALIDATION_PATH = "/hooks/daraja/c2b/validation/";
    static final String C2B_CONFIRMATION_PATH = "/hooks/daraja/c2b/confirmation/";

    private static final Logger LOG = LoggerFactory.getLogger(CallbackGuard.class);
    private static final String HMAC_KEY = "hmacKey";

    private final ConfigurationAdmin configurationAdmin;
    private volatile CallbackSettings settings;
    private volatile String key;
    private ServiceRegistration<?> registration;

    @Activate
    public CallbackGuard(BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
            CallbackConfig config) {
        this(configurationAdmin, config);
        registration = context.registerService(
                new String[] {CallbackUrls.class.getName(), CallbackGuard.class.getName()}, this, null);
    }

    CallbackGuard(ConfigurationAdmin configurationAdmin, CallbackConfig config) {
        this.configurationAdmin = configurationAdmin;
        apply(config);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    /** A wrong change is logged and ignored: the settings in use stay, so callbacks keep being accepted. */
    @Modified
    void modified(CallbackConfig config) {
        try {
            apply(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {} not applied, the previous one stays in use: {}", CallbackConfig.PID,
                    e.getMessage());
        }
    }

    private synchronized void apply(CallbackConfig config) {
        String configured = config.hmacKey();
        boolean generate = configured == null || configured.isBlank();
        String next = generate ? (key != null ? key : HookTokens.newKey()) : configured;
        CallbackSettings applied = CallbackSettings.of(config, next);
        if (!generate && next.length() < 32) {
            LOG.warn("The configured hmacKey is short ({} characters); use at least 32 random characters",
                    next.length());
        }
        settings = applied;
        key = next;
        if (generate) {
            persist(next);
        }
        LOG.info("Callbacks: source address check {}, body limit {} bytes", applied.senders().mode(),
                applied.maxBodyBytes());
    }

    /** Saves a generated key into this component's own configuration; never logs it. */
    private void persist(String generated) {
        try {
            Configuration configuration = configurationAdmin.getConfiguration(CallbackConfig.PID, "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            Dictionary<String, Object> current = configuration.getProperties();
            if (current != null) {
                Object stored = current.get(HMAC_KEY);
                if (stored instanceof String text && !text.isBlank()) {
                    return; // someone set a key meanwhile; it arrives through @Modified
                }
                for (Enumeration<String> names = current.keys(); names.hasMoreElements();) {
                    String name = names.nextElement();
                    properties.put(name, current.get(name));
                }
            }
            properties.put(HMAC_KEY, generated);
            configuration.update(properties);
            LOG.info("Generated a callback HMAC key and saved it in configuration {}", CallbackConfig.PID);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Generated a callback HMAC key but could not save it ({}): callback URLs handed out now stop "
                    + "working after a restart. Set hmacKey in {}.", e.getClass().getSimpleName(), CallbackConfig.PID);
        }
    }

    CallbackSettings settings() {
        return settings;
    }

    @Override
    public URI stkCallback(PushId pushId) {
        return URI.create(STK_PATH + pushId + "/" + settings.tokens().stkToken(pushId));
    }

    /** The C2B URLs to register with Daraja, relative to the public base address. */
    URI c2bConfirmation() {
        return URI.create(C2B_CONFIRMATION_PATH + settings.tokens().c2bToken());
    }

    URI c2bValidation() {
        return URI.create(C2B_VALIDATION_PATH + settings.tokens().c2bToken());
    }
}
