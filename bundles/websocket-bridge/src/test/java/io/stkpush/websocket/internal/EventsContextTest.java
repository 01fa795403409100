package io.stkpush.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.stkpush.api.OperatorName;
import io.stkpush.api.PushId;
import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.portal.gate.EventTicket;
import io.stkpush.portal.gate.OperatorGate;
import io.stkpush.portal.gate.OperatorTickets;

import org.junit.jupiter.api.Test;
import org.osgi.service.http.context.ServletContextHelper;

/** Which upgrades to {@code /stkpush/events/} are refused before they happen, and who the others are. */
class EventsContextTest {

    private static final String BASIC = "Basic b3BlcmF0b3I6b3BlcmF0b3I=";
    private static final OperatorName OPERATOR = new OperatorName("operator");

    private final SingleUseTickets tickets = new SingleUseTickets();
    private final OperatorAuthenticator basicLogin = request -> BASIC.equals(request.header("authorization"))
            ? Optional.of(OPERATOR) : Optional.empty();
    private final EventsContext gate = new EventsContext(tickets, basicLogin);

    @Test
    void aPageWithATicketIsAdmittedOnce() {
        String ticket = tickets.issue(OPERATOR).value();

        Admission admitted = assertInstanceOf(Admission.class, admit(sameOrigin(), query("ticket", ticket)));
        assertEquals(OPERATOR, admitted.operator());
        assertEquals(EventFilter.EVERYTHING, admitted.filter());

        assertRefused(401, "unauthenticated", admit(sameOrigin(), query("ticket", ticket)));
    }

    @Test
    void withoutAValidTicketOrLoginTheUpgradeIsRefused() {
        EventsContext.Refusal missing = assertRefused(401, "unauthenticated", admit(sameOrigin(), Map.of()));
        assertEquals("Log in as an operator: open the events with a ticket from POST /stkpush/api/events/tickets.",
                missing.message());
        EventsContext.Refusal unknown = assertRefused(401, "unauthenticated",
                admit(sameOrigin(), query("ticket", "forged")));
        assertEquals("This ticket is unknown, used or expired: take a new one from POST /stkpush/api/events/tickets.",
                unknown.message());
    }

    @Test
    void theHostsOwnLoginOnTheHandshakeIsEnough() {
        Map<String, List<String>> headers = sameOrigin();
        headers.put("Authorization", List.of(BASIC));
        assertInstanceOf(Admission.class, admit(headers, Map.of()));
        // a server client: no Origin at all
        assertInstanceOf(Admission.class, admit(Map.of("Authorization", List.of(BASIC)), Map.of()));
        assertInstanceOf(Admission.class, admit(headers, query("ticket", "expired")));
    }

    @Test
    void anotherSitesPageIsRefusedAndItsTicketNotSpent() {
        String ticket = tickets.issue(OPERATOR).value();
        Map<String, List<String>> evil = new HashMap<>(Map.of("Host", List.of("billing.isp.co.ke"),
                "Origin", List.of("https://evil.example"), "Authorization", List.of(BASIC)));

        assertRefused(403, "cross_site", admit(evil, query("ticket", ticket)));
        Map<String, List<String>> fetchSite = sameOrigin();
        fetchSite.put("Sec-Fetch-Site", List.of("cross-site"));
        assertRefused(403, "cross_site", admit(fetchSite, query("ticket", ticket)));
        assertInstanceOf(Admission.class, admit(sameOrigin(), query("ticket", ticket)));
    }

    @Test
    void aPageNarrowsWhatItHearsAndNonsenseIsRefusedBeforeTheTicketIsSpent() {
        PushId push = PushId.random();
        String ticket = tickets.issue(OPERATOR).value();

        EventsContext.Refusal refusal = assertRefused(400, "invalid_query",
                admit(sameOrigin(), Map.of("ticket", List.of(ticket), "pushId", List.of("42"))));
        assertEquals("'pushId' must be the id of a payment request.", refusal.message());
        assertRefused(400, "invalid_query", admit(sameOrigin(), query("ticket", ticket, ticket)));

        Admission admitted = assertInstanceOf(Admission.class, admit(sameOrigin(),
                Map.of("ticket", List.of(ticket), "pushId", List.of(push.toString()))));
        assertEquals(new EventFilter(push, null), admitted.filter());
    }

    @Test
    void withoutTheHostsLoginTicketsStillWorkAndWithoutEitherNobodyGetsIn() {
        EventsContext ticketsOnly = new EventsContext(tickets, null);
        String ticket = tickets.issue(OPERATOR).value();
        assertInstanceOf(Admission.class, admit(ticketsOnly, sameOrigin(), query("ticket", ticket)));
        assertRefused(401, "unauthenticated", admit(ticketsOnly, sameOrigin(), query("ticket", ticket)));

        Map<String, List<String>> basic = sameOrigin();
        basic.put("Authorization", List.of(BASIC));
        assertRefused(503, "unavailable", admit(new EventsContext(null, null), basic, Map.of()));
        assertInstanceOf(Admission.class, admit(new EventsContext(null, basicLogin), basic, Map.of()));
    }

    @Test
    void aLoginServiceThatFailsIsUnavailableNotAnOpenDoor() {
        EventsContext broken = new EventsContext(null, request -> {
            throw new IllegalStateException("JAAS realm is down");
        });
        assertRefused(503, "unavailable", admit(broken, sameOrigin(), Map.of()));
    }

    // --- the servlet context's security hook around it

    @Test
    void anAdmittedUpgradeGoesOnAsTheOperator() throws Exception {
        String ticket = tickets.issue(OPERATOR).value();
        Exchange exchange = new Exchange(sameOrigin(), Map.of("ticket", new String[] {ticket}));

        assertTrue(gate.handleSecurity(exchange.request, exchange.response));

        assertEquals("operator", exchange.attributes.get(ServletContextHelper.REMOTE_USER));
        assertEquals("stkpush-operator", exchange.attributes.get(ServletContextHelper.AUTHENTICATION_TYPE));
        assertEquals(0, exchange.status);
    }

    @Test
    void aRefusedUpgradeIsAnsweredHereInJson() throws Exception {
        Exchange exchange = new Exchange(sameOrigin(), Map.of());

        assertFalse(gate.handleSecurity(exchange.request, exchange.response));

        assertTrue(exchange.attributes.isEmpty());
        assertEquals(401, exchange.status);
        assertEquals("application/json", exchange.contentType);
        assertTrue(exchange.committed);
        assertEquals("{\"error\":\"unauthenticated\",\"message\":\"Log in as an operator: open the events with a"
                + " ticket from POST /stkpush/api/events/tickets.\"}", exchange.body.toString(StandardCharsets.UTF_8));
    }

    // --- helpers

    private static EventsContext.Refusal assertRefused(int status, String error, EventsContext.Decision decision) {
        EventsContext.Refusal refusal = assertInstanceOf(EventsContext.Refusal.class, decision);
        assertEquals(status, refusal.status(), refusal.toString());
        assertEquals(error, refusal.error(), refusal.toString());
        assertFalse(refusal.message().isBlank());
        return refusal;
    }

    private static Map<String, List<String>> sameOrigin() {
        return new HashMap<>(Map.of("Host", List.of("billing.isp.co.ke"),
                "Origin", List.of("https://billing.isp.co.ke")));
    }

    private static Map<String, List<String>> query(String name, String... values) {
        return Map.of(name, List.of(values));
    }

    /** The portal's tickets as the gate sees them: single use, unknown ones refused. */
    private static final class SingleUseTickets implements OperatorTickets {

        private final Map<String, OperatorName> outstanding = new HashMap<>();
        private int issued;

        @Override
        public EventTicket issue(OperatorName operator) {
            String value = "ticket-" + ++issued;
            outstanding.put(value, operator);
            return new EventTicket(value, Instant.now().plusSeconds(30));
        }

        @Override
        public Optional<OperatorName> redeem(String ticket) {
            return Optional.ofNullable(outstanding.remove(ticket));
        }
    }

    /** One upgrade request through the gate: the attributes it set, or what it answered. */
    private static final class Exchange {

        final HttpServletRequest request;
        final HttpServletResponse response;
        final Map<String, Object> attributes = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status;
        String contentType;
        boolean committed;

        Exchange(Map<String, List<String>> headers, Map<String, String[]> parameters) {
            request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getParameterMap" -> parameters;
                        case "getHeaderNames" -> Collections.enumeration(new ArrayList<>(headers.keySet()));
                        case "getHeaders" -> Collections.enumeration(headers.get((String) args[0]));
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setContentType" -> contentType = (String) args[0];
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "flushBuffer" -> committed = true;
                            case "setCharacterEncoding", "setHeader", "setContentLength" -> {
                                // recorded well enough by the body
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
        }
    }

    private EventsContext.Decision admit(Map<String, List<String>> headers, Map<String, List<String>> parameters) {
        return admit(gate, headers, parameters);
    }

    private static EventsContext.Decision admit(EventsContext context, Map<String, List<String>> headers,
            Map<String, List<String>> parameters) {
        return context.admit(OperatorGate.request(headers), parameters);
    }
}
