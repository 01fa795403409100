package io.stkpush.daraja.simulator.internal;

import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /daraja-sim/oauth/v1/generate?grant_type=client_credentials} with HTTP Basic consumer credentials. */
@Component(service = OAuthResource.class)
@JaxrsResource
@JSONRequired
@Path("/daraja-sim/oauth/v1")
public class OAuthResource {

    private final MpesaSandbox sandbox;
    private final Hold hold;

    @Activate
    public OAuthResource(@Reference MpesaSandbox sandbox) {
        this(sandbox, Hold::sleep);
    }

    /** @param hold how the timeout and slow faults hold a request (tests only record it) */
    OAuthResource(MpesaSandbox sandbox, Hold hold) {
        this.sandbox = sandbox;
        this.hold = hold;
    }

    @GET
    @Path("generate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response generate(@QueryParam("grant_type") String grantType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return sandbox.gateway().answer(DarajaApi.TOKEN, hold,
                () -> Answers.daraja(() -> Answers.ok(sandbox.issueToken(grantType, authorization))));
    }
}
