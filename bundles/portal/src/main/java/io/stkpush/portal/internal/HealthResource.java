package io.stkpush.portal.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.stkpush.api.LedgerHealth;
import io.stkpush.api.PaymentLedger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /stkpush/api/health}: for monitoring, so it needs no login and tells nothing secret. 503 with the
 * reason when the ledger's database cannot be used.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JSONRequired
@Path("/stkpush/api/health")
public class HealthResource {

    // Optional and dynamic: without a datasource the ledger is gone, and that is exactly what to report.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PaymentLedger ledger;

    private final String version;

    @Activate
    public HealthResource(BundleContext context) {
        this.version = context.getBundle().getHeaders().get("Stkpush-Version");
    }

    HealthResource(PaymentLedger ledger, String version) {
        this.ledger = ledger;
        this.version = version;
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
        PaymentLedger current = ledger;
        LedgerHealth db = current == null
                ? new LedgerHealth(false, null, null, null,
                        "The payment ledger is not running: check the stkpush datasource configuration.")
                : current.health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", db.up() ? "UP" : "DOWN");
        body.put("database", database(db));
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
}
