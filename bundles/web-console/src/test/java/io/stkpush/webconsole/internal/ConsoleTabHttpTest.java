package io.stkpush.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.ListResourceBundle;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.WebConsoleConstants;
import org.apache.felix.webconsole.internal.filter.FilteringResponseWrapper;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.stkpush.api.LedgerCounts;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.provider.ConnectionCheck;

/**
 * The tab over real HTTP, on the Jetty 9.4 that Pax Web runs, dispatched as the Web Console dispatches a plugin:
 * under {@code /system/console}, with the console's request attributes and its response filter (the real one
 * from the console's jar, which replaces {@code ${…}} in the plugin's HTML). The console's login is not here;
 * {@code WebConsoleIT} checks it in Karaf.
 */
class ConsoleTabHttpTest {

    private final Fakes.Ledger ledger = new Fakes.Ledger();
    private final Fakes.Connection connection = new Fakes.Connection();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Server server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        ledger.counts = new LedgerCounts(2, 1, 0, 5, null, null, ConsolePageTest.NOW);
        connection.answer = new ConnectionCheck(true, ConsolePageTest.NOW, Duration.ofMillis(840),
                "M-Pesa accepted the consumer key and secret.");
        ConsolePage page = new ConsolePage(ledger, ledger, connection,
                ConfigurationSummaryTest.demoConfigurations().service(), ConsolePageTest.CLOCK);
        StkpushConsolePlugin plugin = new StkpushConsolePlugin(null, page, connection, new FormGuard("t0ken"));

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new AsTheConsoleDispatches()), "/system/console/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(plugin), "/system/console/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void theTabRendersInsideTheConsolesFrame() throws Exception {
        HttpResponse<String> page = get();

        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers()
                .toString());
        assertTrue(page.body().contains("<title>Apache Felix Web Console - M-Pesa STK Push</title>"), page.body());
        assertTrue(page.body().contains("<div id='content'>\n<div id=\"stkpush\">"), page.body());
        assertTrue(page.body().contains("<span id=\"count-unredeemed\">5</span>"), page.body());
        assertEquals(0, connection.tests.get(), "showing the page does not sign in");
    }

    @Test
    void theButtonTestsTheConnectionOnceAndShowsTheAnswer() throws Exception {
        HttpResponse<String> answer = post("token=t0ken", "Origin", base);

        assertEquals(200, answer.statusCode());
        assertEquals(1, connection.tests.get());
        assertTrue(answer.body().contains("<p id=\"stkpush-notice\" class=\"statline ok\"><strong>Connection OK: "
                + "M-Pesa accepted the consumer key and secret.</strong></p>"), answer.body());
        assertTrue(answer.body().contains("Last sign-in</th><td>Worked at"), answer.body());
    }

    @Test
    void aFailedTestIsShownAsAFailure() throws Exception {
        connection.answer = new ConnectionCheck(false, ConsolePageTest.NOW, Duration.ofSeconds(10),
                "M-Pesa did not answer within 10 s.");

        HttpResponse<String> answer = post("token=t0ken", "Referer", base + "/system/console/stkpush");

        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("class=\"statline failed\"><strong>Connection failed: M-Pesa did not "
                + "answer within 10 s.</strong>"), answer.body());
        assertTrue(answer.body().contains("<p id=\"stkpush-signin-error\">"), answer.body());
    }

    @Test
    void aPostWithoutTheTokenIsRefusedAndTestsNothing() throws Exception {
        HttpResponse<String> answer = post("", "Origin", base);

        assertEquals(403, answer.statusCode());
        assertEquals(0, connection.tests.get());
        assertTrue(answer.body().contains("class=\"statline failed\"><strong>Refused: the form was not sent from "
                + "this page"), answer.body());
        assertTrue(answer.body().contains("name=\"token\" value=\"t0ken\""), "a fresh form to try again");
    }

    @Test
    void anotherSitesFormIsRefusedEvenWithTheToken() throws Exception {
        HttpResponse<String> answer = post("token=t0ken", "Origin", "https://evil.example.com");

        assertEquals(403, answer.statusCode());
        assertEquals(0, connection.tests.get());
        assertTrue(answer.body().contains("Refused: the request came from another site (https://evil.example.com)."),
                answer.body());
    }

    @Test
    void theConsolesTextVariablesInAnyValueStayText() throws Exception {
        ledger.entries.add(ConsolePageTest.entry(1, Channel.STK_CALLBACK, Disposition.REJECTED,
                ConsolePageTest.NOW, "${head.title} \\${appRoot}"));

        HttpResponse<String> page = get();

        // the console's filter did run (the header's ${head.title} became the title), but not on the note
        assertTrue(page.body().contains("- M-Pesa STK Push</title>"), page.body());
        assertTrue(page.body().contains("<td>&#36;{head.title} &#92;&#36;{appRoot}</td>"), page.body());
        assertFalse(page.body().contains("<td>M-Pesa STK Push"), page.body());
    }

    @Test
    void aProviderThatThrowsAnywayGetsAPlainAnswer() throws Exception {
        connection.failure = new IllegalStateException("java.net.ConnectException at sun.nio.ch.Net.connect");

        HttpResponse<String> answer = post("token=t0ken", "Origin", base);

        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("The connection could not be tested (see karaf.log)."), answer.body());
        assertFalse(answer.body().contains("ConnectException"), answer.body());
    }

    private HttpResponse<String> get() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/stkpush")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/system/console/stkpush"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the console's OsgiManager does before calling a plugin: its attributes and its response filter. */
    private static final class AsTheConsoleDispatches implements Filter {

        @Override
        public void init(javax.servlet.FilterConfig config) {
        }

        @Override
        public void destroy() {
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, javax.servlet.FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest r = (HttpServletRequest) request;
            r.setAttribute(WebConsoleConstants.ATTR_APP_ROOT, "/system/console");
            r.setAttribute(WebConsoleConstants.ATTR_PLUGIN_ROOT, "/system/console/stkpush");
            chain.doFilter(request, new FilteringResponseWrapper((HttpServletResponse) response, new NoTexts(), r));
        }
    }

    private static final class NoTexts extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[0][];
        }

        @Override
        public Enumeration<String> getKeys() {
            return Collections.emptyEnumeration();
        }
    }
}
