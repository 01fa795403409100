package io.stkpush.demo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import javax.servlet.DispatcherType;

import io.stkpush.api.OperatorName;
import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.host.OperatorRequest;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.DefaultServlet;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.resource.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The portal's login over real HTTP, on the Jetty 9.4 that Pax Web runs: the filter and the entrance mapped as the
 * whiteboard maps them, the pages served from this bundle's {@code portal} folder.
 */
class PortalLoginTest {

    static final String OPERATOR = basic("operator", "operator");

    /** Like the demo host: only operator/operator is an operator. */
    static final OperatorAuthenticator DEMO_OPERATORS = request -> OPERATOR.equals(request.header("Authorization"))
            ? Optional.of(new OperatorName("operator")) : Optional.empty();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aPageWithoutCredentialsIsChallengedInTheApisRealm() throws Exception {
        start(DEMO_OPERATORS);

        HttpResponse<String> answer = get("/portal/payments.html", null);

        assertEquals(401, answer.statusCode());
        assertEquals("Basic realm=\"stkpush\"", answer.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals("Log in as an operator to use the portal.", answer.body());
    }

    @Test
    void wrongCredentialsOrAUserWhoIsNoOperatorAreChallengedAgain() throws Exception {
        start(DEMO_OPERATORS);

        assertEquals(401, get("/portal/payments.html", basic("operator", "wrong")).statusCode());
        assertEquals(401, get("/portal/unmatched.html", basic("karaf", "karaf")).statusCode());
        assertEquals(401, get("/portal/api.js", "Bearer operator").statusCode());
    }

    @Test
    void anOperatorGetsThePagesTheirScriptsAndTheStyleSheet() throws Exception {
        start(DEMO_OPERATORS);

        HttpResponse<String> page = get("/portal/payments.html", OPERATOR);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-testid=\"payments-table\""), page.body());
        assertEquals("private, no-cache", page.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(200, get("/portal/unmatched.html", OPERATOR).statusCode());
        assertEquals(200, get("/portal/subscriber.html?id=sub-0001", OPERATOR).statusCode());
        assertEquals(200, get("/portal/api.js", OPERATOR).statusCode());
        assertEquals(200, get("/portal/portal.css", OPERATOR).statusCode());
    }

    @Test
    void theAuthenticatorReadsTheRequestsHeadersAndCookies() throws Exception {
        List<OperatorRequest> seen = new ArrayList<>();
        start(request -> {
            seen.add(request);
            return DEMO_OPERATORS.authenticate(request);
        });

        HttpRequest request = HttpRequest.newBuilder(uri("/portal/payments.html"))
                .header("Authorization", OPERATOR).header("Cookie", "portal_session=abc; theme=dark").build();
        assertEquals(200, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());

        assertEquals(OPERATOR, seen.get(0).header("authorization"));
        assertEquals("abc", seen.get(0).cookies().get("portal_session"));
    }

    @Test
    void thePortalsEntranceIsChallengedThenOpensThePaymentsPage() throws Exception {
        start(DEMO_OPERATORS);

        assertEquals(401, get("/portal/", null).statusCode());
        HttpResponse<String> entrance = get("/portal/", OPERATOR);
        assertEquals(302, entrance.statusCode());
        assertEquals(uri("/portal/payments.html").toString(), entrance.headers().firstValue("Location").orElse(null));
    }

    @Test
    void withoutTheHostsLoginServiceThePagesAreUnavailableNotOpen() throws Exception {
        start(null);

        HttpResponse<String> answer = get("/portal/payments.html", OPERATOR);

        assertEquals(503, answer.statusCode());
        assertNull(answer.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(answer.body().contains("not available"), answer.body());
    }

    @Test
    void aFailingLoginServiceGives503NotAPage() throws Exception {
        start(request -> {
            throw new IllegalStateException("JAAS realm missing");
        });

        HttpResponse<String> answer = get("/portal/payments.html", OPERATOR);

        assertEquals(503, answer.statusCode());
        assertEquals("Operator login is not available right now. Try again in a minute.", answer.body());
    }

    @Test
    void pathsOutsideThePortalAreNotTheFiltersBusiness() throws Exception {
        start(DEMO_OPERATORS);

        // nothing else is mapped in this test server: the filter did not stand in the way
        assertEquals(404, get("/stkpush/api/health", null).statusCode());
    }

    /** The filter on /portal and /portal/*, the entrance on /portal/, the pages on /portal/*, as the whiteboard does. */
    private void start(OperatorAuthenticator authenticator) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        FilterHolder login = new FilterHolder(new PortalLogin(authenticator));
        context.addFilter(login, PortalPages.ROOT, EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(login, PortalPages.ROOT + "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new PortalEntrance()), PortalPages.ROOT + "/");
        ServletHolder pages = new ServletHolder(DefaultServlet.class);
        pages.setInitParameter("resourceBase",
                Resource.newClassPathResource(PortalPages.ROOT).getURI().toString());
        pages.setInitParameter("pathInfoOnly", "true");
        pages.setInitParameter("dirAllowed", "false");
        context.addServlet(pages, PortalPages.ROOT + "/*");
        server.setHandler(context);
        server.start();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ':' + password).getBytes(StandardCharsets.UTF_8));
    }
}
