package io.stkpush.daraja.simulator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resources behind real HTTP, on the CXF and Jackson provider Karaf uses: path matching across the
 * resources, text bodies, status codes and the JSON the provider writes.
 */
class HttpFrontTest {

    private static SandboxFixture f;
    private static Server server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        f = new SandboxFixture();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setAddress(base + "/");
        factory.setServiceBeans(List.of(f.oauth, f.stk, f.c2b, f.phone, f.ledger));
        factory.setProvider(new JacksonJsonProvider());
        server = factory.create();
    }

    @AfterAll
    static void stop() {
        server.destroy();
        f.close();
    }

    @Test
    void aWholeStkRoundTripOverHttp() throws Exception {
        HttpResponse<String> token = send(HttpRequest.newBuilder(uri("/daraja-sim/oauth/v1/generate?grant_type=client_credentials"))
                .header("Authorization", SandboxFixture.basic("k", "s")).GET());
        assertEquals(200, token.statusCode());
        assertTrue(token.body().matches("\\{\"access_token\":\"[A-Za-z0-9]{28}\",\"expires_in\":\"3599\"}"), token.body());
        String bearer = "Bearer " + RequestBody.JSON.readTree(token.body()).get("access_token").asText();

        HttpResponse<String> push = post("/daraja-sim/mpesa/stkpush/v1/processrequest", bearer,
                SandboxFixture.text(f.pushBody("254700000101", 10)));
        assertEquals(200, push.statusCode(), push.body());
        assertTrue(push.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(push.body().contains("\"ResponseCode\":\"0\""), push.body());
        String id = RequestBody.JSON.readTree(push.body()).get("CheckoutRequestID").asText();

        String ts = SandboxFixture.timestamp();
        String query = "{\"BusinessShortCode\":\"174379\",\"Password\":\"" + SandboxFixture.password("174379", ts)
                + "\",\"Timestamp\":\"" + ts + "\",\"CheckoutRequestID\":\"" + id + "\"}";
        HttpResponse<String> pending = post("/daraja-sim/mpesa/stkpushquery/v1/query", bearer, query);
        assertEquals(200, pending.statusCode());
        assertTrue(pending.body().contains("\"ResultCode\":\"4999\""), pending.body());
    }

    @Test
    void errorsKeepDarajasStatusAndEnvelope() throws Exception {
        HttpResponse<String> malformed = post("/daraja-sim/mpesa/stkpush/v1/processrequest", f.bearer(), "{\"Amount\":");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().matches("\\{\"requestId\":\"[^\"]+\",\"errorCode\":\"400.002.05\",\"errorMessage\":\"Invalid Request Payload\"}"),
                malformed.body());

        HttpResponse<String> badToken = post("/daraja-sim/mpesa/stkpush/v1/processrequest", "Bearer x", "{}");
        assertEquals(404, badToken.statusCode());
        assertTrue(badToken.body().contains("\"errorCode\":\"404.001.03\""));

        HttpResponse<String> noType = send(HttpRequest.newBuilder(uri("/daraja-sim/mpesa/stkpush/v1/processrequest"))
                .header("Authorization", f.bearer()).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(400, noType.statusCode());
        assertTrue(noType.body().contains("Bad Request - Invalid BusinessShortCode"), noType.body());

        f.sandbox.configure(f.sandbox.settings().withConsumer("key", "secret"));
        try {
            HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/daraja-sim/oauth/v1/generate?grant_type=client_credentials"))
                    .header("Authorization", SandboxFixture.basic("key", "nope")).GET());
            assertEquals(400, wrong.statusCode());
            assertEquals("", wrong.body());
        } finally {
            f.sandbox.configure(f.sandbox.settings().withConsumer("", ""));
        }
    }

    @Test
    void c2bPathsAreReachedBesideTheStkOnes() throws Exception {
        String body = "{\"ShortCode\":\"600984\",\"ResponseType\":\"Completed\",\"ConfirmationURL\":\""
                + f.url("/c2b/confirm") + "\"}";
        for (String version : List.of("v1", "v2")) {
            HttpResponse<String> r = post("/daraja-sim/mpesa/c2b/" + version + "/registerurl", f.bearer(), body);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"OriginatorCoversationID\""), r.body());
        }
        HttpResponse<String> sim = post("/daraja-sim/mpesa/c2b/v2/simulate", f.bearer(),
                "{\"ShortCode\":600984,\"CommandID\":\"CustomerPayBillOnline\",\"Amount\":5,\"Msisdn\":254708374149,\"BillRefNumber\":\"A1\"}");
        assertEquals(200, sim.statusCode(), sim.body());
        JsonNode confirmation = f.callbacks.await("/c2b/confirm", 1).get(0).json();
        assertEquals("5.00", confirmation.get("TransAmount").asText());
    }

    @Test
    void theVirtualPhoneServesItsPageAndApi() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/daraja-sim/phone")).GET());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("data-testid"));

        String id = f.accepted("254733333333", 1500);
        HttpResponse<String> prompts = send(HttpRequest.newBuilder(uri("/daraja-sim/phone/prompts?msisdn=0733333333")).GET());
        assertEquals(200, prompts.statusCode());
        assertTrue(prompts.body().contains(id), prompts.body());

        HttpResponse<String> pin = send(HttpRequest.newBuilder(uri("/daraja-sim/phone/prompts/" + id + "/pin"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"pin\":\"1234\"}")));
        assertEquals(200, pin.statusCode(), pin.body());
        assertTrue(pin.body().contains("\"resultCode\":0"), pin.body());
        HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/daraja-sim/phone/prompts/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(409, again.statusCode());
    }

    @Test
    void theLedgerIsServedAndClearedWithoutLogin() throws Exception {
        f.accepted("254722222200", 10);
        HttpResponse<String> ledger = send(HttpRequest.newBuilder(uri("/daraja-sim/ledger?phoneNumber=0722222200")).GET());
        assertEquals(200, ledger.statusCode());
        assertTrue(ledger.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = RequestBody.JSON.readTree(ledger.body());
        assertEquals(1, body.get("prompts").size(), ledger.body());
        assertTrue(body.get("prompts").get(0).get("resultCode").isNull(), "null written, not left out");
        assertTrue(body.at("/requests/stkPush").isIntegralNumber());
        assertTrue(body.at("/faults/server_error").isIntegralNumber());

        HttpResponse<String> clear = send(HttpRequest.newBuilder(uri("/daraja-sim/ledger")).DELETE());
        assertEquals(204, clear.statusCode());
        HttpResponse<String> clean = send(HttpRequest.newBuilder(uri("/daraja-sim/ledger")).GET());
        assertEquals("[]", RequestBody.JSON.readTree(clean.body()).get("prompts").toString());
    }

    @Test
    void faultAnswersKeepTheirStatusAndBodyOverHttp() throws Exception {
        String bearer = f.bearer();
        f.faults(FaultSettings.none().withRate(100, FaultKind.MALFORMED).withSeed(11));
        try {
            java.util.Set<String> types = new java.util.HashSet<>();
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> push = post("/daraja-sim/mpesa/stkpush/v1/processrequest", bearer,
                        SandboxFixture.text(f.pushBody(String.format("2547330000%02d", i), 10)));
                assertEquals(200, push.statusCode());
                assertTrue(!push.body().isEmpty() && !push.body().endsWith("}"), push.body());
                types.add(push.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
            }
            assertEquals(java.util.Set.of("application/json", "text/html"), types);

            f.faults(FaultSettings.none().withRate(100, FaultKind.SPIKE_ARREST));
            HttpResponse<String> arrested = post("/daraja-sim/mpesa/stkpush/v1/processrequest", bearer,
                    SandboxFixture.text(f.pushBody("254733000099", 10)));
            assertEquals(500, arrested.statusCode());
            assertTrue(arrested.body().matches("\\{\"requestId\":\"[^\"]+\",\"errorCode\":\"500.003.02\","
                    + "\"errorMessage\":\"Error Occurred: Spike Arrest Violation\"}"), arrested.body());
        } finally {
            f.faults(FaultSettings.none());
        }
    }

    private static URI uri(String path) {
        return URI.create(base + path);
    }

    private static HttpResponse<String> post(String path, String bearer, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
