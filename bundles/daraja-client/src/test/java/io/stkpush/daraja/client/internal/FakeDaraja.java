package io.stkpush.daraja.client.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Daraja that answers whatever a test scripts, per path, and records what it received. Scripted answers
 * are used in order and the last one repeats. Without a script the token path issues numbered tokens
 * ({@code tok-1}, {@code tok-2}, ...) and other paths answer {@code 404.001.01}.
 */
final class FakeDaraja implements AutoCloseable {

    static final String TOKEN = "/oauth/v1/generate";
    static final String PUSH = "/mpesa/stkpush/v1/processrequest";
    static final String QUERY = "/mpesa/stkpushquery/v1/query";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the server got. */
    record Received(String method, String path, String query, Headers headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** An answer; {@code hang} never answers (until the server closes), {@code drop} closes the connection. */
    record Reply(int status, String body, String contentType, boolean hangs, boolean drops) {
        static Reply json(int status, String body) {
            return new Reply(status, body, "application/json", false, false);
        }

        static Reply text(int status, String body) {
            return new Reply(status, body, "text/html", false, false);
        }

        static Reply error(int status, String code, String message) {
            return json(status, "{\"requestId\":\"1c5b-4ba8-815c-ac45c57a3db01495926\",\"errorCode\":\"" + code
                    + "\",\"errorMessage\":\"" + message + "\"}");
        }

        static Reply hang() {
            return new Reply(0, null, null, true, false);
        }

        static Reply drop() {
            return new Reply(0, null, null, false, true);
        }
    }

    @FunctionalInterface
    interface Responder {
        Reply answer(Received request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Responder>> scripts = new ConcurrentHashMap<>();
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile String expiresIn = "\"3599\"";

    FakeDaraja() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Scripts the answers for a path, replacing any earlier script. */
    void reply(String path, Reply... replies) {
        Deque<Responder> script = new ArrayDeque<>();
        for (Reply reply : replies) {
            script.add(request -> reply);
        }
        scripts.put(path, script);
    }

    void respond(String path, Responder responder) {
        Deque<Responder> script = new ArrayDeque<>();
        script.add(responder);
        scripts.put(path, script);
    }

    /** {@code expires_in} as raw JSON: {@code "3599"} (a string, as Daraja sends it) or {@code 3599}. */
    void expiresIn(String rawJson) {
        this.expiresIn = rawJson;
    }

    /** The next numbered token, as the token path answers it. */
    Reply issueToken() {
        return Reply.json(200, "{\"access_token\":\"tok-" + tokensIssued.incrementAndGet() + "\",\"expires_in\":"
                + expiresIn + "}");
    }

    int tokensIssued() {
        return tokensIssued.get();
    }

    List<Received> received(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
        synchronized (received) {
            received.add(request);
        }
        Reply reply;
        try {
            reply = next(request);
        } catch (Exception e) {
            reply = Reply.text(599, "test responder failed: " + e);
        }
        if (reply.hangs()) {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if (reply.drops()) {
            exchange.close();
            return;
        }
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Reply next(Received request) throws Exception {
        Deque<Responder> script = scripts.get(request.path());
        if (script == null) {
            if (request.path().equals(TOKEN)) {
                return issueToken();
            }
            return Reply.error(404, "404.001.01", "Resource not found");
        }
        Responder responder;
        synchronized (script) {
            responder = script.size() > 1 ? script.poll() : script.peek();
        }
        return responder.answer(request);
    }
}
