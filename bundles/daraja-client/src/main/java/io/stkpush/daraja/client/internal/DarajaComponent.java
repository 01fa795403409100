package io.stkpush.daraja.client.internal;

import java.net.URI;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderConnection;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.api.provider.SharedTokens;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.daraja.C2bApiVersion;
import io.stkpush.daraja.C2bRegistration;
import io.stkpush.daraja.C2bResponseType;
import io.stkpush.daraja.C2bUrlRegistration;

/**
 * The Daraja provider as an OSGi service. It needs its configuration ({@code etc/io.stkpush.daraja.cfg}): without
 * one there are no credentials, so the component waits instead of failing. A configuration change builds a new
 * client; calls already running finish on the old one.
 *
 * <p>The services are registered here rather than by DS because DS copies every configuration property onto the
 * service, and the consumer secret and passkey would then show in {@code service:list} and the web console's
 * service pages. The registration carries {@code provider=daraja} only. {@link ProviderConnection} is in the same
 * registration, so the administrator's "Test connection" signs in with the client that sends the pushes.
 *
 * <p>{@link SharedTokens} (the ledger's) is optional, dynamic and greedy: with it every node of the installation uses
 * one access token, so they do not invalidate each other's; without it, or while it is replaced, the client keeps
 * its own token as a single node does.
 */
@Component(service = {}, configurationPid = DarajaSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DarajaConfig.class)
public class DarajaComponent implements PaymentProvider, C2bUrlRegistration, ProviderConnection {

    private static final Logger LOG = LoggerFactory.getLogger(DarajaComponent.class);

    /** What this component is registered as, under one registration (see {@code bnd.bnd} too). */
    static final String[] SERVICES = { PaymentProvider.class.getName(), C2bUrlRegistration.class.getName(),
            ProviderConnection.class.getName() };

    private volatile DarajaClient client;
    private volatile ServiceRegistration<?> registration;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SharedTokens sharedTokens;

    /** This JVM, as the administrator reads it beside a shared token: host name and process id. */
    private final String node = TokenSharing.thisNode();

    /** @throws IllegalArgumentException naming the bad keys; the component then does not activate */
    @Activate
    public DarajaComponent(BundleContext context, DarajaConfig config) {
        this(config);
        registration = context.registerService(SERVICES, this, serviceProperties());
    }

    /** Without registering anything: for tests. */
    DarajaComponent(DarajaConfig config) {
        this.client = connect(settings(config));
        LOG.info("Daraja client ready: {}", client.settings().summary());
    }

    /** What other bundles see on the service: which provider it is, nothing from the configuration. */
    static Dictionary<String, Object> serviceProperties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("provider", DarajaClient.NAME);
        return properties;
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<?> registered = registration;
        registration = null;
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }

    /** A bad change is refused and the running configuration kept, so payments keep working meanwhile. */
    @Modified
    void modified(DarajaConfig config) {
        DarajaSettings settings;
        try {
            settings = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Keeping the previous Daraja configuration ({})", client.settings().summary());
            return;
        }
        client = connect(settings);
        LOG.info("Daraja client reconfigured: {}", settings.summary());
    }

    private static DarajaSettings settings(DarajaConfig config) {
        try {
            return DarajaSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}", e.getMessage()); // names keys only, never values
            throw e;
        }
    }

    /** Reads {@link #sharedTokens} on every use, so a store bound or gone later is followed. */
    private DarajaClient connect(DarajaSettings settings) {
        return new DarajaClient(settings, DarajaClient.httpClient(settings), Clock.systemUTC(), Sleeper.REAL,
                () -> sharedTokens, node);
    }

    @Override
    public String name() {
        return DarajaClient.NAME;
    }

    @Override
    public PushAcceptance push(ProviderPushRequest request) throws ProviderException {
        return client.push(request);
    }

    @Override
    public StatusAnswer queryStatus(CheckoutRequestId checkoutRequestId) throws ProviderException {
        return client.queryStatus(checkoutRequestId);
    }

    @Override
    public C2bRegistration register(C2bApiVersion version, C2bResponseType responseType, URI confirmationUrl,
            URI validationUrl) throws ProviderException {
        return client.register(version, responseType, confirmationUrl, validationUrl);
    }

    /**
     * Signs in on the client in use now; after a configuration change that is the new one, so this is how the
     * administrator checks new credentials.
     */
    @Override
    public ConnectionCheck testConnection() {
        ConnectionCheck check = client.testConnection();
        LOG.info("M-Pesa sign-in test: {}", check.message());
        return check;
    }

    /** Of the client in use now: empty again after a configuration change, until the new client signs in. */
    @Override
    public Optional<ConnectionCheck> lastSignIn() {
        return client.lastSignIn();
    }
}
