package io.stkpush.callback.internal;

import java.io.InputStream;
import java.time.Clock;
import java.util.function.Supplier;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.stkpush.api.ProviderAnswers;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The URLs Daraja calls, public and unauthenticated (Daraja signs nothing): the token in the path, the sender's
 * address and the body size are checked by {@link HookGate} after the raw body is journaled (or, while the ledger
 * cannot take it, before it is kept in the {@link CallbackSpool}).
 *
 * <p>Bodies are read as a stream, whatever the content type, so that nothing received is refused before it is
 * journaled and the size limit counts real bytes. Every method catches everything: the answer is never a 500
 * and never carries a stack trace.
 */
@Component(service = DarajaHooksResource.class)
@JaxrsResource
@JSONRequired
@Path("/hooks/daraja")
public class DarajaHooksResource {

    private static final Logger LOG = LoggerFactory.getLogger(DarajaHooksResource.class);
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final CallbackGuard guard;
    private final StkCallbacks stk;
    private final C2bNotifications c2b;

    @Activate
    public DarajaHooksResource(@Reference CallbackGuard guard, @Reference ProviderAnswers answers,
            @Reference CallbackSpool spool) {
        this(guard, answers, spool, Clock.systemUTC());
    }

    DarajaHooksResource(CallbackGuard guard, ProviderAnswers answers, CallbackSpool spool, Clock clock) {
        this.guard = guard;
        this.stk = new StkCallbacks(answers, spool, clock);
        this.c2b = new C2bNotifications(answers, spool, clock);
    }

    @POST
    @Path("stk/{pushId}/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response stkCallback(@PathParam("pushId") String pushId, @PathParam("token") String token,
            @Context HttpServletRequest request, @HeaderParam(FORWARDED_FOR) String forwardedFor, InputStream body) {
        return answer(() -> stk.receive(guard.settings(), pushId, token, request.getRemoteAddr(), forwardedFor,
                body));
    }

    @POST
    @Path("c2b/validation/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response c2bValidation(@PathParam("token") String token, @Context HttpServletRequest request,
            @HeaderParam(FORWARDED_FOR) String forwardedFor, InputStream body) {
        return answer(() -> c2b.validate(guard.settings(), token, request.getRemoteAddr(), forwardedFor, body));
    }

    @POST
    @Path("c2b/confirmation/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response c2bConfirmation(@PathParam("token") String token, @Context HttpServletRequest request,
            @HeaderParam(FORWARDED_FOR) String forwardedFor, InputStream body) {
        return answer(() -> c2b.confirm(guard.settings(), token, request.getRemoteAddr(), forwardedFor, body));
    }

    private static Response answer(Supplier<HookAnswer> handling) {
        HookAnswer answer;
        try {
            answer = handling.get();
        } catch (RuntimeException e) {
            // the handlers catch what they expect; this is the last guard against a 500
            LOG.error("Callback not handled: {}", e.toString());
            answer = HookAnswer.unavailable();
        }
        Response.ResponseBuilder response = Response.status(answer.status());
        return answer.body() == null ? response.build()
                : response.type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
    }
}
