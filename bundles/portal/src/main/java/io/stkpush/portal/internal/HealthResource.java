package io.stkpush.portal.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.stkpush.api.CallbackBacklog;
import io.stkpush.api.LedgerCounts;
import io.stkpush.api.LedgerHealth;
import io.stkpush.api.LedgerHealthCheck;
import io.stkpush.api.LedgerOverview;
import io.stkpush.api.WaitingCallbacks;
import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.ProviderConnection;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /stkpush/api/health}: for monitoring, so it needs no login and tells nothing secret. 503 with the
 * reason when the ledger's database cannot be used; otherwise 200, whatever the provider, the poller and the
 * callback spool report. It reports the provider's last sign-in and never signs in itself: health must answer at
 * once when M-Pesa does not, and a monitor polling it must not spend the provider's rate limit or replace its token.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JSONRequired
@Path("/stkpush/api/health")
public class HealthResource {

    static final String NO_LEDGER = "The payment ledger is not running: check the stkpush datasource configuration.";
    static final String NO_PROVIDER = "No payment provider is running: check its configuration (for M-Pesa,"
            + " io.stkpush.daraja).";
    static final String NOT_SIGNED_IN = "Not yet signed in.";
    static final String NO_CALLBACK_SPOOL = "Not known: the callback resource is not running.";
    static final String CALLBACK_SPOOL_UNREADABLE = "Not known: the callback spool could not be read.";

    private static final Logger LOG = LoggerFactory.getLogger(HealthResource.class);

    private final LedgerHealthCheck ledger;
    private final String version;

    /** Dynamic: a provider reconfigured, installed or removed changes what is reported, not the resource. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProviderConnection provider;

    /** Dynamic too; it comes and goes with the ledger, which the static reference above already follows. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LedgerOverview overview;

    /** Dynamic too: the callback resource's spool on this node, reported whatever the database says. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CallbackBacklog callbacks;

    /**
     * @param ledger  the ledger's health check, or {@code null}: optional, as without a datasource the ledger is
     *                gone, and that is exactly what to report; DS activates the resource again when it comes or goes
     * @param context this bundle's, for the product version in its {@code Stkpush-Version} header
     */
    @Activate
    public HealthResource(@Reference(name = "ledger", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) LedgerHealthCheck ledger, BundleContext context) {
        this(ledger, null, null, context);
    }

    /** With the dynamic references already bound: for tests. */
    HealthResource(LedgerHealthCheck ledger, LedgerOverview overview, ProviderConnection provider,
            BundleContext context) {
        this(ledger, overview, provider, null, context);
    }

    /** With the dynamic references already bound, the callback spool's too: for tests. */
    HealthResource(LedgerHealthCheck ledger, LedgerOverview overview, ProviderConnection provider,
            CallbackBacklog callbacks, BundleContext context) {
        this.ledger = ledger;
        this.overview = overview;
        this.provider = provider;
        this.callbacks = callbacks;
        this.version = context.getBundle().getHeaders().get("Stkpush-Version");
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        Report report = report();
        return Response.status(report.httpStatus()).type(MediaType.APPLICATION_JSON).entity(report.body()).build();
    }

    /** The answer, kept apart from JAX-RS so it can be checked without a JAX-RS runtime. */
    record Report(int httpStatus, Map<String, Object> body) {
    }

    Report report() {
        LedgerHealth db = ledger == null ? new LedgerHealth(false, null, null, null, NO_LEDGER) : ledger.health();
        Map<String, Object> body = new LinkedHashMap<>();
        // UP or DOWN by the database alone: a provider that cannot be reached is reported below, not a DOWN,
        // since pushes are still recorded and reconciled once it answers again. A spool that cannot be written is
        // DOWN in its own section only: it is needed only when the ledger cannot take a callback, nearly always
        // because the database is down, and then health is DOWN already
        body.put("status", db.up() ? "UP" : "DOWN");
        body.put("database", database(db));
        body.put("provider", provider(provider));
        body.put("poller", poller(db, overview));
        body.put("callbackSpool", callbackSpool(callbacks));
        body.put("version", version);
        return new Report(db.up() ? 200 : 503, body);
    }

    private static Map<String, Object> database(LedgerHealth db) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", db.up() ? "UP" : "DOWN");
        if (db.up()) {
            m.put("product", db.product());
            m.put("productVersion", db.productVersion());
            m.put("schemaVersion", db.schemaVersion());
        } else {
            m.put("reason", db.problem());
        }
        return m;
    }

    /** The last sign-in as the provider remembers it; {@link ProviderConnection#testConnection()} is never called. */
    private static Map<String, Object> provider(ProviderConnection connection) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (connection == null) {
            m.put("lastSignIn", "NONE");
            m.put("message", NO_PROVIDER);
            return m;
        }
        try {
            m.put("name", connection.name());
            Optional<ConnectionCheck> last = connection.lastSignIn();
            if (last.isEmpty()) {
                m.put("lastSignIn", "NONE");
                m.put("message", NOT_SIGNED_IN);
                return m;
            }
            ConnectionCheck check = last.get();
            m.put("lastSignIn", check.ok() ? "OK" : "FAILED");
            m.put("at", check.at().toString());
            m.put("tookMillis", check.took().toMillis());
            m.put("message", check.message()); // the provider's words hold no token or secret (ConnectionCheck)
        } catch (RuntimeException e) {
            // the provider going away mid-call, or a fault in it: health still answers
            LOG.debug("Provider sign-in not readable for health: {}", e.getClass().getName());
            m.put("lastSignIn", "UNKNOWN");
            m.put("message", "The provider's last sign-in could not be read.");
        }
        return m;
    }

    /** The ledger's counts; not read when the database is down, so health waits for it once, not twice. */
    private static Map<String, Object> poller(LedgerHealth db, LedgerOverview overview) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!db.up() || overview == null) {
            m.put("reason", "Not known: the payment ledger is not available.");
            return m;
        }
        LedgerCounts counts;
        try {
            counts = overview.counts();
        } catch (RuntimeException e) {
            LOG.debug("Ledger counts not readable for health: {}", e.getClass().getName());
            m.put("reason", "Not known: the ledger's counts could not be read.");
            return m;
        }
        m.put("lagSeconds", counts.pollerLag().toSeconds());
        if (counts.oldestDuePush() != null) {
            m.put("oldestDuePushId", counts.oldestDuePush().toString());
            m.put("oldestDueAt", counts.oldestDuePollAt().toString());
        }
        m.put("waiting", counts.waiting());
        m.put("reconciling", counts.reconciling());
        m.put("needingReview", counts.needingReview());
        return m;
    }

    /**
     * The callbacks this node keeps for the ledger: local state, so read even while the database is down, which is
     * when they pile up. {@code DOWN} when the spool cannot keep a callback: the one case where one is lost.
     */
    private static Map<String, Object> callbackSpool(CallbackBacklog backlog) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (backlog == null) {
            m.put("reason", NO_CALLBACK_SPOOL);
            return m;
        }
        WaitingCallbacks waiting;
        try {
            waiting = backlog.waiting();
        } catch (RuntimeException e) {
            LOG.debug("Callback spool not readable for health: {}", e.getClass().getName());
            m.put("reason", CALLBACK_SPOOL_UNREADABLE);
            return m;
        }
        if (waiting == null) {
            m.put("reason", CALLBACK_SPOOL_UNREADABLE);
            return m;
        }
        m.put("status", waiting.problem() == null ? "UP" : "DOWN");
        m.put("waiting", waiting.count());
        if (waiting.oldestReceivedAt() != null) {
            m.put("oldestAt", waiting.oldestReceivedAt().toString());
        }
        if (waiting.problem() != null) {
            m.put("reason", waiting.problem());
        }
        return m;
    }
}
