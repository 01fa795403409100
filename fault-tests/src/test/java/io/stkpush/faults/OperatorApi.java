package io.stkpush.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The public operator REST API, as the demo's operator ({@code operator}/{@code operator}). */
final class OperatorApi {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A status and a body, whatever the status: refusals are part of what the fault tests look at. */
    record Reply(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString("operator:operator".getBytes(StandardCharsets.UTF_8));

    /** @param base the Karaf's root URL, e.g. {@code http://localhost:8181} */
    OperatorApi(String base) {
        this.base = base;
    }

    Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Waits until the operator's paths answer 200 five times in a row: the JAX-RS whiteboard re-publishes its
     * application when the operator resources arrive, after health already answered.
     */
    void awaitReady(List<String> paths, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int inARow = 0;
        Map<String, Integer> last = new LinkedHashMap<>();
        while (inARow < 5) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(base + paths + " not answering 200 within " + within
                        + "; last answers: " + last);
            }
            paths.forEach(p -> last.put(p, statusOf(p)));
            inARow = last.values().stream().allMatch(s -> s == 200) ? inARow + 1 : 0;
            Thread.sleep(200); // poll interval; the deadline bounds the wait
        }
    }

    private int statusOf(String path) {
        try {
            return get(path).status();
        } catch (Exception e) {
            return -1;
        }
    }

    private Reply send(HttpRequest.Builder builder) throws Exception {
        HttpRequest request = builder.header("Authorization", authorization).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }
}
