package io.stkpush.portal.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import io.stkpush.api.OperatorName;
import io.stkpush.portal.gate.EventTicket;
import io.stkpush.portal.gate.OperatorGate;
import io.stkpush.portal.gate.OperatorTickets;
import io.stkpush.portal.gate.RequiresOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /stkpush/api/events/tickets}: a single-use ticket for the events WebSocket, which a browser opens
 * without being able to send the operator's credentials. The operator's own login applies here, and a request from
 * another site's page is refused by the gate's filter like any state change.
 */
@Component(service = EventTicketResource.class)
@JaxrsResource
// Both in one property: @JSONRequired beside @JaxrsExtensionSelect would be overwritten by it.
@JaxrsExtensionSelect({OperatorGate.JSON, OperatorGate.SELECT})
@RequiresOperator
@Path("/stkpush/api/events/tickets")
@Produces(MediaType.APPLICATION_JSON)
public class EventTicketResource {

    private static final Logger LOG = LoggerFactory.getLogger(EventTicketResource.class);

    private final OperatorTickets tickets;

    @Activate
    public EventTicketResource(@Reference(name = "tickets") OperatorTickets tickets) {
        this.tickets = tickets;
    }

    @POST
    public Response issue(@Context SecurityContext security) {
        return Answers.answer("issue an events ticket", () -> {
            OperatorName operator = OperatorGate.operator(security).orElseThrow(ApiProblem::unauthenticated);
            EventTicket ticket;
            try {
                ticket = tickets.issue(operator);
            } catch (IllegalStateException e) {
                LOG.warn("Refused an events ticket to {}: {}", operator, e.getMessage());
                throw ApiProblem.of(429, "too_many_tickets",
                        "Too many live connections are being opened right now. Try again in a minute.");
            }
            LOG.debug("{} took an events ticket, valid until {}", operator, ticket.expiresAt());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ticket", ticket.value());
            body.put("expiresAt", ticket.expiresAt().toString());
            CacheControl noStore = new CacheControl();
            noStore.setNoStore(true);
            noStore.setNoTransform(false);
            return Response.ok(body, MediaType.APPLICATION_JSON).cacheControl(noStore).build();
        });
    }
}
