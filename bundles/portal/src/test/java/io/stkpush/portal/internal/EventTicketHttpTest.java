package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.stkpush.api.OperatorName;
import io.stkpush.host.OperatorAuthenticator;

import org.apache.cxf.endpoint.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /stkpush/api/events/tickets} behind real HTTP with the gate's filter, as a page calls it before it
 * opens the events WebSocket.
 */
class EventTicketHttpTest {

    private static final String OPERATOR = OperatorApiHttpTest.basic("operator", "operator");
    private static final OperatorAuthenticator AUTHENTICATOR = request -> OPERATOR.equals(
            request.header("Authorization")) ? Optional.of(new OperatorName("operator")) : Optional.empty();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final EventTicketStore TICKETS = new EventTicketStore(Instant::now, 2);
    private static Server server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        base = ServedApi.freeAddress();
        server = serve(base, TICKETS);
    }

    /** The resource and the gate's filter as the whiteboard binds them, at {@code address}. */
    private static Server serve(String address, EventTicketStore tickets) {
        return ServedApi.serve(address, new OperatorFilter(AUTHENTICATOR), new EventTicketResource(tickets));
    }

    @AfterAll
    static void stop() {
        server.destroy();
    }

    @Test
    void anOperatorGetsATicketTheBridgeRedeemsOnce() throws Exception {
        HttpResponse<String> r = send(tickets().header("Authorization", OPERATOR));

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        JsonNode body = JsonBody.JSON.readTree(r.body());
        String ticket = body.get("ticket").asText();
        Instant expiresAt = Instant.parse(body.get("expiresAt").asText());
        assertTrue(expiresAt.isAfter(Instant.now().plusSeconds(25)), body.toString());
        assertTrue(expiresAt.isBefore(Instant.now().plusSeconds(31)), body.toString());
        assertEquals(Optional.of(new OperatorName("operator")), TICKETS.redeem(ticket));
        assertEquals(Optional.empty(), TICKETS.redeem(ticket));
    }

    @Test
    void withoutAnOperatorThereIsNoTicket() throws Exception {
        HttpResponse<String> r = send(tickets());
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("unauthenticated", JsonBody.JSON.readTree(r.body()).get("error").asText());
    }

    @Test
    void anotherSitesPageGetsNoTicket() throws Exception {
        HttpResponse<String> r = send(tickets().header("Authorization", OPERATOR)
                .header("Origin", "https://evil.example"));
        assertEquals(403, r.statusCode(), r.body());
        assertEquals("cross_site", JsonBody.JSON.readTree(r.body()).get("error").asText());
    }

    @Test
    void aPageAskingInALoopIsStopped() throws Exception {
        String address = ServedApi.freeAddress();
        Server limited = serve(address, new EventTicketStore(Instant::now, 0));
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(address + "/stkpush/api/events/tickets"))
                    .header("Authorization", OPERATOR).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(429, r.statusCode(), r.body());
            assertEquals("too_many_tickets", JsonBody.JSON.readTree(r.body()).get("error").asText());
        } finally {
            limited.destroy();
        }
    }

    private static HttpRequest.Builder tickets() {
        return HttpRequest.newBuilder(URI.create(base + "/stkpush/api/events/tickets"))
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
