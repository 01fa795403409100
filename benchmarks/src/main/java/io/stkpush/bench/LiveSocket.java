package io.stkpush.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * An operator's page on a node's events WebSocket, opened as the page opens it: a ticket from the operator API,
 * then {@code ws://…/stkpush/events/?ticket=…} with no filter (every event). Each message is stamped when it
 * arrives and handed to the run's {@link LiveTracker}; a close by the server (1008 "too slow", 1001) is kept, so a
 * run that lost its page says so instead of reporting missing events as latency.
 */
final class LiveSocket implements WebSocket.Listener, AutoCloseable {

    private static final Duration OPEN_WITHIN = Duration.ofSeconds(60);

    private final String node;
    private final StringBuilder partial = new StringBuilder();
    private long firstFragmentNanos;
    private volatile LiveTracker tracker;
    private volatile String closed;
    private WebSocket socket;

    private LiveSocket(String node) {
        this.node = node;
    }

    /** Opens the page on {@code base}; retries (each time with a new ticket) while the endpoint is being published. */
    static LiveSocket open(HttpClient client, URI base, String operator, String node)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + OPEN_WITHIN.toNanos();
        while (true) {
            LiveSocket page = new LiveSocket(node);
            try {
                String ticket = LiveHttp.ticket(client, base, operator);
                URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/stkpush/events/?ticket="
                        + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
                page.socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(uri, page).get(15, TimeUnit.SECONDS);
                return page;
            } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("no events WebSocket on " + node + " (" + base + "): " + e, e);
                }
                Thread.sleep(500); // the endpoint may still be being published; the deadline bounds the retries
            }
        }
    }

    /** From now on the messages go to {@code tracker} (or nowhere, when null). */
    void track(LiveTracker tracker) {
        this.tracker = tracker;
    }

    /** Why the server closed the page, or null while it is open. */
    String closedBy() {
        return closed;
    }

    String node() {
        return node;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        String message;
        if (partial.length() == 0 && last) {
            message = data.toString();
        } else {
            if (partial.length() == 0) {
                firstFragmentNanos = now;
            }
            partial.append(data);
            if (!last) {
                webSocket.request(1);
                return null;
            }
            message = partial.toString();
            now = firstFragmentNanos;
            partial.setLength(0);
        }
        LiveTracker current = tracker;
        if (current != null) {
            current.event(message, now);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = statusCode + " " + reason;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = "error: " + error;
    }

    @Override
    public void close() {
        if (socket != null && closed == null) {
            closed = "closed by the benchmark";
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "benchmark done").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }
}
