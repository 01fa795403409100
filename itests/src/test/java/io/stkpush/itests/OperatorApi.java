package io.stkpush.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The operator REST API as a portal page uses it: JSON over HTTP, logged in as the demo operator. */
final class OperatorApi {

    record Reply(int status, JsonNode json, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String authorization;

    OperatorApi(String user, String password) {
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static OperatorApi demoOperator() {
        return new OperatorApi("operator", "operator");
    }

    Reply get(String path) throws IOException {
        return call("GET", path, null);
    }

    Reply post(String path, String json) throws IOException {
        return call("POST", path, json);
    }

    /** GETs until the reply satisfies {@code wanted} or the deadline passes; returns the last reply. */
    Reply getUntil(String path, Predicate<Reply> wanted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Reply last = get(path);
        while (!wanted.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(200); // poll interval; the deadline bounds the wait
            last = get(path);
        }
        return last;
    }

    private Reply call(String method, String path, String json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(Http.url(path)).openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(2000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("Authorization", authorization);
        c.setRequestProperty("Accept", "application/json");
        if (json != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        JsonNode parsed = null;
        try {
            parsed = body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            // not JSON: the test asserting on it will say so
        }
        return new Reply(status, parsed, body);
    }
}
