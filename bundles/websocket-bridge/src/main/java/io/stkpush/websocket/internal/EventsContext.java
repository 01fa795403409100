package io.stkpush.websocket.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.OperatorName;
import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.host.OperatorRequest;
import io.stkpush.portal.gate.OperatorGate;
import io.stkpush.portal.gate.OperatorLogin;
import io.stkpush.portal.gate.OperatorTickets;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet context {@code /stkpush/events} the events endpoint lives in, and its gate. Its
 * {@link #handleSecurity} runs before Jetty's WebSocket upgrade, so an upgrade is refused before it happens: from
 * another site's page (403), with a filter that makes no sense (400), or without an operator (401), which is neither
 * a ticket redeemed now nor credentials the host's {@link OperatorAuthenticator} accepts on the handshake itself (a
 * same-origin Basic login, a server client). An admitted upgrade carries the operator as the request's user, which
 * the container hands on to the session.
 * <p>
 * A context of its own, because Pax Web restarts the servlet context a WebSocket endpoint is added to or removed
 * from: in the root context that restart would take the JAX-RS whiteboard's endpoints (the operator API) down with it.
 * And a context helper rather than the endpoint's {@code ServerEndpointConfig.Configurator}, because Pax Web
 * registers a whiteboard endpoint with a configurator of its own, and Jetty then ignores the one the endpoint names.
 */
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = EventsContext.NAME, path = EventsContext.PATH)
public class EventsContext extends ServletContextHelper {

    static final String NAME = "stkpush.events";
    static final String PATH = "/stkpush/events";
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    private static final Logger LOG = LoggerFactory.getLogger(EventsContext.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the gate makes of an upgrade: an {@link Admission} or a {@link Refusal}. */
    sealed interface Decision permits Admission, Refusal {
    }

    /** An upgrade refused with an HTTP status and the operator API's {@code {"error","message"}}. */
    record Refusal(int status, String error, String message) implements Decision {
    }

    private final OperatorTickets tickets;
    private final OperatorAuthenticator authenticator;

    /**
     * @param tickets       the portal's tickets, or {@code null} while it is not running (then only the host's own
     *                      login on the handshake is accepted)
     * @param authenticator the host's login, or {@code null} while there is none (then only tickets are accepted)
     */
    @Activate
    public EventsContext(@Reference(name = "tickets", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) OperatorTickets tickets,
            @Reference(name = "authenticator", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) OperatorAuthenticator authenticator) {
        this.tickets = tickets;
        this.authenticator = authenticator;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Decision decision = admit(OperatorGate.request(request), parameters(request));
        if (decision instanceof Admission admission) {
            request.setAttribute(REMOTE_USER, admission.operator().value());
            request.setAttribute(AUTHENTICATION_TYPE, "stkpush-operator");
            return true;
        }
        refuse(response, (Refusal) decision);
        return false;
    }

    /**
     * The decision for a handshake's headers and query parameters. Cross-site and a bad filter are refused before a
     * ticket is looked at, so a ticket is not spent on a refused upgrade.
     */
    Decision admit(OperatorRequest request, Map<String, List<String>> parameters) {
        String origin = request.header("Origin");
        if (OperatorGate.isFromAnotherSite(origin, request.header("Host"), request.header("Sec-Fetch-Site"))) {
            LOG.warn("Refused a cross-site upgrade to {} from {}", PATH, origin);
            return new Refusal(403, "cross_site", "This request came from another web site and was refused.");
        }
        EventFilter filter;
        String ticket;
        try {
            filter = EventFilter.of(parameters);
            ticket = EventFilter.single(parameters, "ticket");
        } catch (IllegalArgumentException e) {
            return new Refusal(400, "invalid_query", e.getMessage());
        }
        Optional<OperatorName> operator = ticket == null || tickets == null ? Optional.empty()
                : tickets.redeem(ticket);
        if (operator.isEmpty() && authenticator != null) {
            OperatorLogin login = OperatorGate.login(authenticator, request);
            if (login instanceof OperatorLogin.Unavailable unavailable) {
                return new Refusal(503, "unavailable", unavailable.message());
            }
            if (login instanceof OperatorLogin.Operator admitted) {
                operator = Optional.of(admitted.name());
            }
        }
        if (operator.isPresent()) {
            return new Admission(operator.get(), filter);
        }
        if (tickets == null && authenticator == null) {
            return new Refusal(503, "unavailable", "Operator login is not available right now: the portal and the"
                    + " host's login service are not running.");
        }
        return new Refusal(401, "unauthenticated", ticket == null
                ? "Log in as an operator: open the events with a ticket from POST /stkpush/api/events/tickets."
                : "This ticket is unknown, used or expired: take a new one from POST /stkpush/api/events/tickets.");
    }

    private static Map<String, List<String>> parameters(HttpServletRequest request) {
        Map<String, List<String>> parameters = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, Arrays.asList(values)));
        return parameters;
    }

    /** Answered here and committed, so the runtime adds nothing. */
    private static void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", refusal.error());
        body.put("message", refusal.message());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
        response.setStatus(refusal.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
    }
}
