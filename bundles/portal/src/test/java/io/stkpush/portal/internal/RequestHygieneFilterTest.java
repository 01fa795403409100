package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import javax.servlet.Filter;
import javax.servlet.ServletConfig;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filter in front of CXF's servlet, as the HTTP whiteboard puts it in front of the JAX-RS whiteboard's, over real
 * HTTP: the same requests without the filter show what CXF does with them on its own (500, empty 415), so each test
 * proves the filter is what changes the answer.
 */
class RequestHygieneFilterTest {

    private static final String UNKNOWN_CHARSET = "application/json; charset=nonsense";
    private static final String TYPE_LIST = "application/json, text/html";
    private static final String BODY = "{\"TransID\":\"RKT\u00e9\"}";

    private static Server filtered;
    private static Server bare;

    @BeforeAll
    static void start() throws Exception {
        filtered = serve(new RequestHygieneFilter());
        bare = serve(null);
    }

    @AfterAll
    static void stop() throws Exception {
        filtered.stop();
        bare.stop();
    }

    // ---- the operator API answers in its own words ------------------------------------------------------------

    @Test
    void anUnknownCharsetIsA415InJsonOnTheOperatorApi() throws Exception {
        Answer bareAnswer = post(bare, "/stkpush/api/probe", UNKNOWN_CHARSET);
        assertEquals(500, bareAnswer.status(), bareAnswer.body());

        Answer answer = post(filtered, "/stkpush/api/probe", UNKNOWN_CHARSET);
        assertProblem(answer, 415, "unsupported_media_type");
    }

    @Test
    void aListOfMediaTypesIsA415InJsonOnTheOperatorApi() throws Exception {
        Answer bareAnswer = post(bare, "/stkpush/api/probe", TYPE_LIST);
        assertEquals(415, bareAnswer.status());
        assertEquals("", bareAnswer.body());

        assertProblem(post(filtered, "/stkpush/api/probe", TYPE_LIST), 415, "unsupported_media_type");
    }

    @Test
    void aBrokenPercentEscapeInTheQueryIsA400InJson() throws Exception {
        for (String query : List.of("from=%", "from=%zz", "from=a%2", "from=%uD800")) {
            Answer bareAnswer = get(bare, "/stkpush/api/probe?" + query);
            assertEquals(500, bareAnswer.status(), query + ": " + bareAnswer.body());

            assertProblem(get(filtered, "/stkpush/api/probe?" + query), 400, "invalid_query");
        }
    }

    @Test
    void wellFormedRequestsGoThroughUntouched() throws Exception {
        for (String type : List.of("application/json", "application/json; charset=UTF-8",
                "application/json;charset=\"utf-16\"", "application/json;;;", "text/plain; format=flowed",
                "multipart/form-data; boundary=\"--a b\"")) {
            Answer answer = post(filtered, "/stkpush/api/probe", type);
            assertEquals(200, answer.status(), type + ": " + answer.body());
            assertTrue(answer.body().startsWith("type " + type + ", "), type + ": " + answer.body());
        }
        Answer query = get(filtered, "/stkpush/api/probe?from=%41%2b%c3%a9+b");
        assertEquals(200, query.status(), query.body());
        assertEquals("from A+\u00e9 b", query.body());
    }

    // ---- the hooks get the request, so it is journaled ------------------------------------------------------

    @Test
    void aHookGetsTheBodyAsSentWhateverItsContentType() throws Exception {
        Answer bareAnswer = post(bare, "/hooks/probe", UNKNOWN_CHARSET);
        assertEquals(500, bareAnswer.status(), bareAnswer.body());

        for (String type : List.of(UNKNOWN_CHARSET, TYPE_LIST, "application/json; CHARSET=nonsense",
                "application/json; xcharset=nonsense", "garbage")) {
            Answer answer = post(filtered, "/hooks/probe", type);
            assertEquals(200, answer.status(), type + ": " + answer.body());
            assertEquals("type " + RequestHygieneFilter.HOOK_CONTENT_TYPE + ", body " + BODY, answer.body(), type);
        }
        // a usable one is left as it is (Jetty writes the charset's name in capitals)
        Answer kept = post(filtered, "/hooks/probe", "application/json; charset=utf-8");
        assertEquals("type application/json; charset=UTF-8, body " + BODY, kept.body());
    }

    @Test
    void aHookReachedWithABrokenQueryStillGetsTheRequest() throws Exception {
        assertEquals(500, send(bare, "POST", "/hooks/probe?x=%zz", "application/json").status());

        Answer answer = send(filtered, "POST", "/hooks/probe?x=%zz&y=%", "application/json");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("type application/json, body " + BODY, answer.body());
    }

    // ---- which Content-Types are usable ---------------------------------------------------------------------------

    @Test
    void oneMediaTypeWithAKnownCharsetOrNoneIsUsable() {
        for (String type : List.of("application/json", " application/json ", "application/json;charset=utf-8",
                "application/json; Charset=\"UTF-8\"", "application/vnd.api+json", "text/plain; a=b; c=\"d;e\"",
                "application/json;;;", "*/*", "", " ")) {
            assertTrue(RequestHygieneFilter.isUsable(List.of(type)), type);
        }
        assertTrue(RequestHygieneFilter.isUsable(List.of()));
    }

    @Test
    void aListAnUnknownCharsetOrSomethingElseIsNot() {
        for (String type : List.of(TYPE_LIST, UNKNOWN_CHARSET, "application/json; charset=", "application/json; "
                + "charset=\"", "application/json; charset=utf-8 x", "application/json; x=\"charset=bogus\"",
                "application/json; xcharset=nonsense", "garbage", "application/", "/json", "application/json; a",
                "application/json; charset=\"utf-8", "application/json; charset=../../etc")) {
            assertFalse(RequestHygieneFilter.isUsable(List.of(type)), type);
        }
        assertFalse(RequestHygieneFilter.isUsable(List.of("application/json", "application/json")));
    }

    @Test
    void aLongHostileContentTypeIsJudgedAtOnce() {
        // as long as Jetty lets a header be (8 KiB), shaped to make a backtracking match try every split
        for (String piece : List.of(" ; ", "; x=y ", ";  ", "; x=\"\\\"")) {
            String type = "application/json" + piece.repeat(8192 / piece.length()) + "\"";
            long started = System.nanoTime();
            assertFalse(RequestHygieneFilter.isUsable(List.of(type)));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 500, piece + ": " + millis + " ms");
        }
    }

    // ---- the server: the filter, then CXF's JAX-RS servlet, as the whiteboard chains them ---------------------

    @Path("/stkpush/api/probe")
    public static class ApiProbe {

        @POST
        public String post(@HeaderParam("Content-Type") String type, String body) {
            return "type " + type + ", " + body.length() + " chars";
        }

        @GET
        public String get(@QueryParam("from") String from) {
            return "from " + from;
        }
    }

    @Path("/hooks/probe")
    public static class HookProbe {

        /** Reads raw bytes, as the Daraja hooks do. */
        @POST
        public String post(@HeaderParam("Content-Type") String type, InputStream body) throws IOException {
            return "type " + type + ", body " + new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Jetty with one handler: {@code filter} (if any) in front of CXF's servlet serving the probes. */
    private static Server serve(Filter filter) throws Exception {
        CXFNonSpringJaxrsServlet cxf = new CXFNonSpringJaxrsServlet(Set.of(new ApiProbe(), new HookProbe()));
        cxf.init(servletConfig());
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException, ServletException {
                HttpServletRequest atRoot = new AtRoot(request);
                if (filter == null) {
                    cxf.service(atRoot, response);
                } else {
                    filter.doFilter(atRoot, response, cxf::service);
                }
                base.setHandled(true);
            }
        });
        server.start();
        return server;
    }

    /** The servlet mapped at {@code /*} in the root context, as the JAX-RS whiteboard's is. */
    private static final class AtRoot extends HttpServletRequestWrapper {

        AtRoot(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getContextPath() {
            return "";
        }

        @Override
        public String getServletPath() {
            return "";
        }

        @Override
        public String getPathInfo() {
            return getRequestURI();
        }
    }

    /** A servlet config with no parameters, in a context with nothing in it. */
    private static ServletConfig servletConfig() {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(RequestHygieneFilterTest.class
                .getClassLoader(), new Class<?>[] {ServletContext.class}, (proxy, method, args) -> empty(method
                .getReturnType()));
        return (ServletConfig) Proxy.newProxyInstance(RequestHygieneFilterTest.class.getClassLoader(),
                new Class<?>[] {ServletConfig.class}, (proxy, method, args) -> method.getName().equals(
                        "getServletContext") ? context : method.getName().equals("getServletName") ? "cxf"
                        : empty(method.getReturnType()));
    }

    private static Object empty(Class<?> type) {
        if (type == java.util.Enumeration.class) {
            return Collections.emptyEnumeration();
        }
        if (type == boolean.class) {
            return false;
        }
        return type == int.class ? 0 : null;
    }

    // ---- a raw HTTP/1.0 client (no chunks): java.net.http refuses a broken escape in the URI before sending it --

    private record Answer(int status, String contentType, String body) {
    }

    private static Answer post(Server server, String path, String contentType) throws IOException {
        return send(server, "POST", path, contentType);
    }

    private static Answer get(Server server, String path) throws IOException {
        return send(server, "GET", path, null);
    }

    private static Answer send(Server server, String method, String target, String contentType) throws IOException {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        byte[] body = "POST".equals(method) ? BODY.getBytes(StandardCharsets.UTF_8) : new byte[0];
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                    + "Accept: application/json\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String headers = text.substring(0, split);
            String type = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring(13).strip()).findFirst().orElse("");
            return new Answer(Integer.parseInt(headers.substring(9, 12)), type, text.substring(split + 4));
        }
    }

    private static void assertProblem(Answer answer, int status, String error) throws IOException {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        JsonNode problem = JsonBody.JSON.readTree(answer.body());
        assertEquals(error, problem.path("error").asText(), answer.body());
        String message = problem.path("message").asText();
        assertFalse(message.isBlank(), answer.body());
        assertFalse(answer.body().contains("Exception") || answer.body().contains("java."), answer.body());
    }
}
