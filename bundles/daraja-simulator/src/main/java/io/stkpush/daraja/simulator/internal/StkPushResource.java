package io.stkpush.daraja.simulator.internal;

import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * M-Pesa Express: {@code POST /daraja-sim/mpesa/stkpush/v1/processrequest} and
 * {@code POST /daraja-sim/mpesa/stkpushquery/v1/query}. Bodies are read as text so that malformed JSON gets
 * Daraja's {@code 400.002.05} rather than the JAX-RS runtime's own error.
 */
@Component(service = StkPushResource.class)
@JaxrsResource
@JSONRequired
@Path("/daraja-sim/mpesa")
public class StkPushResource {

    private final MpesaSandbox sandbox;
    private final Hold hold;

    @Activate
    public StkPushResource(@Reference MpesaSandbox sandbox) {
        this(sandbox, Hold::sleep);
    }

    /** @param hold how scenario 13 and the timeout and slow faults hold a request (tests only record it) */
    StkPushResource(MpesaSandbox sandbox, Hold hold) {
        this.sandbox = sandbox;
        this.hold = hold;
    }

    @POST
    @Path("stkpush/v1/processrequest")
    @Produces(MediaType.APPLICATION_JSON)
    public Response processRequest(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        return sandbox.gateway().answer(DarajaApi.STK_PUSH, hold, () -> Answers.daraja(() -> {
            sandbox.authorize(authorization);
            StkPushRequest request = StkPushRequest.parse(RequestBody.parse(contentType, body, "BusinessShortCode"));
            Prompt prompt = sandbox.push(request);
            if (prompt.scenario() == Scenario.ANSWER_LOST) {
                // the prompt is out, but the caller never learns it: a gateway timeout after the client gave up
                hold.hold(sandbox.settings().lostAnswerHold());
                return Response.status(Response.Status.GATEWAY_TIMEOUT).build();
            }
            return Answers.ok(prompt.acceptedAnswer());
        }));
    }

    @POST
    @Path("stkpushquery/v1/query")
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        return sandbox.gateway().answer(DarajaApi.STK_QUERY, hold, () -> Answers.daraja(() -> {
            sandbox.authorize(authorization);
            StkQueryRequest request = StkQueryRequest.parse(RequestBody.parse(contentType, body, "BusinessShortCode"));
            return Answers.ok(sandbox.query(request));
        }));
    }
}
