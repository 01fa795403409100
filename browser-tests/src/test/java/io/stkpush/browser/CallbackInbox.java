package io.stkpush.browser;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** Receives what the simulator POSTs (STK callbacks, C2B notifications), by path, on a free local port. */
final class CallbackInbox implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    CallbackInbox() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>())
                        .add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] ack = "{\"ResultCode\":0,\"ResultDesc\":\"Accepted\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ack.length);
            exchange.getResponseBody().write(ack);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The bodies received at {@code path} once there are at least {@code count}, or whatever came by the deadline. */
    List<String> await(String path, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (received.getOrDefault(path, List.of()).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50); // poll interval; the deadline bounds the wait
        }
        return new ArrayList<>(received.getOrDefault(path, List.of()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
