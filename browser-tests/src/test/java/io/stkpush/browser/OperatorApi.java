package io.stkpush.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator REST API from outside the browser, as another operator's session: to learn what the page should
 * show (a receipt, a push's checkout id) and to record payments behind the page's back.
 */
final class OperatorApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString("operator:operator".getBytes(StandardCharsets.UTF_8));

    /** @param base the Karaf's root URL, e.g. {@code http://localhost:8181} */
    OperatorApi(String base) {
        this.base = base;
    }

    JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonNode post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The status a GET answers, -1 when nothing answers. */
    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Waits until the operator's paths answer 200 five times in a row: the JAX-RS whiteboard re-publishes its
     * application when the operator resources arrive, after health already answered.
     */
    void awaitReady(List<String> paths, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int inARow = 0;
        while (inARow < 5) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(paths + " not answering 200 within " + within);
            }
            inARow = paths.stream().allMatch(p -> status(p) == 200) ? inARow + 1 : 0;
            Thread.sleep(200); // poll interval; the deadline bounds the wait
        }
    }

    /** Sends a push for the subscriber to their registered phone and returns it (status WAITING or final). */
    JsonNode push(String subscriberId, long amount) throws Exception {
        return post("/stkpush/api/pushes", JSON.createObjectNode()
                .put("subscriberId", subscriberId).put("amount", amount).toString());
    }

    /** GETs until the answer satisfies {@code wanted}; fails with the last answer at the deadline. */
    JsonNode getUntil(String path, Predicate<JsonNode> wanted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last = get(path);
        while (!wanted.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no wanted answer from " + path + " within " + within + "; last: " + last);
            }
            Thread.sleep(200); // poll interval; the deadline bounds the wait
            last = get(path);
        }
        return last;
    }

    /**
     * The newest payment of {@code amount} with a receipt among {@code GET /stkpush/api/payments?<query>} (e.g.
     * {@code subscriberId=sub-0001} or {@code unredeemed=true}), once there is one.
     */
    JsonNode awaitPayment(String query, long amount, Duration within) throws Exception {
        JsonNode payments = getUntil("/stkpush/api/payments?" + query,
                list -> find(list, amount).isPresent(), within);
        return find(payments, amount).orElseThrow();
    }

    private static Optional<JsonNode> find(JsonNode payments, long amount) {
        for (JsonNode p : payments) {
            if (p.path("amount").asLong() == amount && !p.path("receipt").isNull()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private JsonNode send(HttpRequest.Builder builder) throws Exception {
        HttpRequest request = builder.header("Authorization", authorization).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.uri().getPath() + " answered " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
