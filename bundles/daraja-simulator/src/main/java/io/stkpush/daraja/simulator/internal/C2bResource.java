package io.stkpush.daraja.simulator.internal;

import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * C2B: {@code POST /daraja-sim/mpesa/c2b/{v1|v2}/registerurl} and {@code …/{v1|v2}/simulate}. Answers carry
 * Safaricom's spelling {@code OriginatorCoversationID}.
 */
@Component(service = C2bResource.class)
@JaxrsResource
@JSONRequired
@Path("/daraja-sim/mpesa/c2b")
public class C2bResource {

    private final MpesaSandbox sandbox;
    private final Hold hold;

    @Activate
    public C2bResource(@Reference MpesaSandbox sandbox) {
        this(sandbox, Hold::sleep);
    }

    /** @param hold how the timeout and slow faults hold a request (tests only record it) */
    C2bResource(MpesaSandbox sandbox, Hold hold) {
        this.sandbox = sandbox;
        this.hold = hold;
    }

    @POST
    @Path("{version: v1|v2}/registerurl")
    @Produces(MediaType.APPLICATION_JSON)
    public Response registerUrl(@PathParam("version") String version,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        return sandbox.gateway().answer(DarajaApi.C2B_REGISTER, hold, () -> Answers.daraja(() -> {
            sandbox.authorize(authorization);
            C2bRegistration registration = C2bRegistration.parse(RequestBody.parse(contentType, body, "ShortCode"),
                    version);
            return Answers.ok(answer(sandbox.registerC2bUrls(registration), "success"));
        }));
    }

    @POST
    @Path("{version: v1|v2}/simulate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response simulate(@PathParam("version") String version,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        return sandbox.gateway().answer(DarajaApi.C2B_SIMULATE, hold, () -> Answers.daraja(() -> {
            sandbox.authorize(authorization);
            sandbox.simulateC2b(C2bSimulation.parse(RequestBody.parse(contentType, body, "ShortCode")));
            return Answers.ok(answer(DarajaIds.originatorConversationId(), "Accept the service request successfully."));
        }));
    }

    private static ObjectNode answer(String originatorConversationId, String description) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("OriginatorCoversationID", originatorConversationId);
        body.put("ResponseCode", "0");
        body.put("ResponseDescription", description);
        return body;
    }
}
