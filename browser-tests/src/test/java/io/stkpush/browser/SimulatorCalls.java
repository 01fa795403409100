package io.stkpush.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the test sends to the simulator as a Daraja integrator would (token, STK push, C2B URL registration),
 * so the page under test has a prompt to show. Sandbox short code and passkey, as the demo uses.
 */
final class SimulatorCalls {

    private static final String SHORT_CODE = "174379";
    private static final String PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    SimulatorCalls(String base) {
        this.base = base;
    }

    /** Sends an STK push and returns its CheckoutRequestID. */
    String stkPush(String phone, long amount, String accountReference, String callbackUrl) throws Exception {
        String timestamp = ZonedDateTime.now(ZoneId.of("Africa/Nairobi"))
                .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        String password = Base64.getEncoder()
                .encodeToString((SHORT_CODE + PASSKEY + timestamp).getBytes(StandardCharsets.UTF_8));
        JsonNode answer = post("/mpesa/stkpush/v1/processrequest", JSON.createObjectNode()
                .put("BusinessShortCode", SHORT_CODE).put("Password", password).put("Timestamp", timestamp)
                .put("TransactionType", "CustomerPayBillOnline").put("Amount", amount)
                .put("PartyA", phone).put("PartyB", SHORT_CODE).put("PhoneNumber", phone)
                .put("CallBackURL", callbackUrl).put("AccountReference", accountReference)
                .put("TransactionDesc", "Internet bill").toString());
        return answer.get("CheckoutRequestID").asText();
    }

    void registerC2bUrls(String confirmationUrl, String validationUrl) throws Exception {
        post("/mpesa/c2b/v1/registerurl", JSON.createObjectNode().put("ShortCode", SHORT_CODE)
                .put("ResponseType", "Completed").put("ConfirmationURL", confirmationUrl)
                .put("ValidationURL", validationUrl).toString());
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private String token() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/oauth/v1/generate?grant_type=client_credentials"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("browser-test:secret".getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body())
                .get("access_token").asText();
    }
}
