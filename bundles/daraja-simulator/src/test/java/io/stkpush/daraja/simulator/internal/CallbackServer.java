package io.stkpush.daraja.simulator.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/** The integrator's side: a local HTTP server that records every notification the simulator POSTs. */
final class CallbackServer implements AutoCloseable {

    record Received(String path, String body) {
        JsonNode json() {
            try {
                return RequestBody.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();

    CallbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            synchronized (received) {
                received.add(new Received(path, body));
            }
            Reply reply = replies.getOrDefault(path, new Reply(200, "{\"ResultCode\":0,\"ResultDesc\":\"Accepted\"}"));
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void reply(String path, int status, String body) {
        replies.put(path, new Reply(status, body));
    }

    List<Received> on(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits (bounded) until {@code path} received at least {@code count} POSTs. */
    List<Received> await(String path, int count) {
        Eventually.until(() -> on(path).size() >= count, "expected " + count + " POSTs to " + path + ", got "
                + on(path).size());
        return on(path);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
