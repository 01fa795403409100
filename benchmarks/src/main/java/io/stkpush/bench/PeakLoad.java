package io.stkpush.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The operators at the month-end peak: pushes at a steady rate through the operator REST API
 * ({@code POST /stkpush/api/pushes}, real HTTP, Basic auth), sent by a pool of client threads as a clock hands
 * them out, each timed from the request to its answer (the push recorded and {@code WAITING}, or refused).
 *
 * <p>Every push goes to a phone of its own ({@code 0711} and six digits): stkpush refuses a second prompt to a phone
 * with one open, and a phone of its own ties each push to exactly one of the simulator's prompts. The subscribers
 * are the demo host's {@code sub-0001} … in turn; the amount is different for every push ({@code 100 + n} KES), so a
 * C2B confirmation (subscriber's account and amount) fits exactly one waiting push.
 */
final class PeakLoad {

    /** The most pushes one run can name: phones {@code 0711000000} … {@code 0711999999}, amounts up to 250,000. */
    static final int MAX_PUSHES = 240_000;

    /** One push as an operator sent it, and what the API answered. */
    record Sent(int n, String phone, String subscriberId, long amount, Instant sentAt, long lagNanos,
            long latencyNanos, int status, String pushId, String pushStatus, String error) {

        boolean accepted() {
            return status == 202 && pushId != null;
        }

        boolean waiting() {
            return accepted() && "WAITING".equals(pushStatus);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI pushes;
    private final String authorization;
    private final int subscribers;
    private final int clients;

    /**
     * @param base        stkpush's root URL, e.g. {@code http://localhost:28481}
     * @param operator    {@code user:password} of an operator
     * @param subscribers how many of the demo host's subscribers to take turns with ({@code sub-0001} on)
     * @param clients     client threads
     */
    PeakLoad(String base, String operator, int subscribers, int clients) {
        this.pushes = URI.create(base + "/stkpush/api/pushes");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(operator.getBytes(StandardCharsets.UTF_8));
        this.subscribers = subscribers;
        this.clients = clients;
    }

    /** Sends {@code perSecond} pushes a second for {@code duration}; returns once every push has its answer. */
    List<Sent> run(int perSecond, Duration duration) throws Exception {
        int total = (int) Math.min(MAX_PUSHES, (long) perSecond * duration.toSeconds());
        long period = 1_000_000_000L / perSecond;
        ExecutorService senders = Executors.newFixedThreadPool(clients);
        List<Future<Sent>> sending = new ArrayList<>(total);
        AtomicInteger answered = new AtomicInteger();
        long start = System.nanoTime() + 100_000_000L;
        long nextProgress = start + 30_000_000_000L;
        try {
            for (int n = 0; n < total; n++) {
                long due = start + n * period;
                for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                    LockSupport.parkNanos(due - now); // the clock of a steady rate, not a wait for work
                }
                int push = n;
                sending.add(senders.submit(() -> {
                    Sent sent = send(push, due);
                    answered.incrementAndGet();
                    return sent;
                }));
                if (System.nanoTime() >= nextProgress) {
                    System.err.printf(Locale.ROOT, "peak: %,d pushes sent, %,d answered%n", n + 1, answered.get());
                    nextProgress += 30_000_000_000L;
                }
            }
            List<Sent> sent = new ArrayList<>(total);
            for (Future<Sent> f : sending) {
                sent.add(f.get(5, TimeUnit.MINUTES));
            }
            return sent;
        } finally {
            senders.shutdownNow();
        }
    }

    /** One push; a refusal or an error is kept as the answer, never thrown. */
    private Sent send(int n, long due) {
        String phone = String.format(Locale.ROOT, "0711%06d", n);
        String subscriberId = String.format(Locale.ROOT, "sub-%04d", 1 + n % subscribers);
        long amount = 100 + n;
        String body = String.format(Locale.ROOT, "{\"subscriberId\":\"%s\",\"phone\":\"%s\",\"amount\":%d}",
                subscriberId, phone, amount);
        HttpRequest request = HttpRequest.newBuilder(pushes).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Instant sentAt = Instant.now();
        long started = System.nanoTime();
        long lag = started - due;
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            long latency = System.nanoTime() - started;
            String pushId = null;
            String status = null;
            String error = null;
            try {
                Map<String, Object> json = PeakJson.object(PeakJson.parse(answer.body()));
                pushId = PeakJson.text(json, "pushId");
                status = PeakJson.text(json, "status");
                error = PeakJson.text(json, "error");
            } catch (IllegalArgumentException notJson) {
                error = "not JSON";
            }
            return new Sent(n, phone, subscriberId, amount, sentAt, lag, latency, answer.statusCode(),
                    answer.statusCode() == 202 ? pushId : null, status, error);
        } catch (Exception e) {
            return new Sent(n, phone, subscriberId, amount, sentAt, lag, System.nanoTime() - started, -1, null, null,
                    e.getClass().getSimpleName());
        }
    }
}
