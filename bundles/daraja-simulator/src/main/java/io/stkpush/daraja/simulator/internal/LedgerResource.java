package io.stkpush.daraja.simulator.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The simulator's own record, for fault tests and integrators (no login, like the phone page):
 * {@code GET /daraja-sim/ledger[?phoneNumber=]} and {@code DELETE /daraja-sim/ledger} (clears it, 204).
 */
@Component(service = LedgerResource.class)
@JaxrsResource
@JSONRequired
@Path("/daraja-sim/ledger")
public class LedgerResource {

    private final MpesaSandbox sandbox;

    @Activate
    public LedgerResource(@Reference MpesaSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response ledger(@QueryParam("phoneNumber") String phoneNumber) {
        return Answers.ok(sandbox.ledger().json(VirtualPhoneResource.filterDigits(phoneNumber)));
    }

    /** Clears prompts and counts, and starts the fault draws again from their seed. */
    @DELETE
    public Response clear() {
        sandbox.clearLedger();
        return Response.noContent().build();
    }
}
