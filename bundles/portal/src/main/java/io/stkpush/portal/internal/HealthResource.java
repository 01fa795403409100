package io.stkpush.portal.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.stkpush.api.LedgerHealth;
import io.stkpush.api.LedgerHealthCheck;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
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

    private final LedgerHealthCheck ledger;
    private final String version;

    /**
     * @param ledger  the ledger's health check, or {@code null}: optional, as without a datasource the ledger is
     *                gone, and that is exactly what to report; DS activates the resource again when it comes or goes
     * @param context this bundle's, for the product version in its {@code Stkpush-Version} header
     */
    @Activate
    public HealthResource(@Reference(name = "ledger", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) LedgerHealthCheck ledger, BundleContext context) {
        this.ledger = ledger;
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
        LedgerHealth db = ledger == null
                ? new LedgerHealth(false, null, null, null,
                        "The payment ledger is not running: check the stkpush datasource configuration.")
                : ledger.health();
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
