package io.stkpush.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The customer's side through the simulator's virtual phone JSON API: answer a prompt, pay a bill (C2B). */
final class VirtualPhoneApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    /** @param base the simulator's root, e.g. {@code http://localhost:8181/daraja-sim} */
    VirtualPhoneApi(String base) {
        this.base = base;
    }

    /** The CheckoutRequestID of the prompt open on {@code msisdn}, once one rings. */
    String awaitOpenPrompt(String msisdn, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            JsonNode open = call(HttpRequest.newBuilder(URI.create(base + "/phone/prompts?msisdn=" + msisdn)).GET())
                    .path("open");
            if (open.size() == 1) {
                return open.get(0).get("checkoutRequestId").asText();
            }
            if (open.size() > 1 || System.nanoTime() > deadline) {
                throw new AssertionError("expected one open prompt on the phone, found " + open);
            }
            Thread.sleep(200); // poll interval; the deadline bounds the wait
        }
    }

    /** Enters the PIN on the prompt; returns the ended prompt (resultCode, receipt). */
    JsonNode enterPin(String checkoutRequestId, String pin) throws Exception {
        return post("/phone/prompts/" + checkoutRequestId + "/pin", JSON.createObjectNode().put("pin", pin));
    }

    /** Waits until the demo's C2B URLs are registered for its short code (at start, tried until it succeeds). */
    void awaitC2bRegistration(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (call(HttpRequest.newBuilder(URI.create(base + "/phone/c2b")).GET()).path("registrations").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the demo registered no C2B URLs within " + within);
            }
            Thread.sleep(200); // poll interval; the deadline bounds the wait
        }
    }

    /** A Pay Bill payment to the demo's short code: {@code transId}, {@code delivered}, … */
    JsonNode payBill(String msisdn, long amount, String accountNumber) throws Exception {
        return post("/phone/c2b", JSON.createObjectNode().put("msisdn", msisdn).put("amount", amount)
                .put("accountNumber", accountNumber).put("shortCode", "174379"));
    }

    private JsonNode post(String path, JsonNode body) throws Exception {
        return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode call(HttpRequest.Builder builder) throws Exception {
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri().getPath() + " answered " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
