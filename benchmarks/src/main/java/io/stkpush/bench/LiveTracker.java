package io.stkpush.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The callbacks of one run, one slot per push: when its callback was sent and answered (by the sender that posted
 * it), when the first event naming the push ({@code push_status_changed} or {@code payment_recorded}) arrived on
 * the WebSocket and the time the event says it was published ({@code at}, after commit), and when the first relay
 * notice for it was heard on PostgreSQL. Times are {@link System#nanoTime()} of this JVM, plus the wall clock at
 * send in microseconds, to place the event's {@code at} (Karaf's {@code Clock.systemUTC()}, on the same machine).
 */
final class LiveTracker {

    private static final String EVENT_STATUS = "push_status_changed";
    private static final String EVENT_PAYMENT = "payment_recorded";
    private static final String NOTICE_STATUS = "PUSH_STATUS_CHANGED";
    private static final String NOTICE_PAYMENT = "PAYMENT_RECORDED";

    final List<UUID> pushes;
    private final Map<String, Integer> slots;
    /** Written by the sender of the slot only, read once the senders are done. */
    final long[] sentNanos;
    final long[] sentMicros;
    final long[] answeredNanos;
    /** Written by the WebSocket's thread and the notices' thread, read while waiting for stragglers. */
    final AtomicLongArray arrivedNanos;
    final AtomicLongArray publishedMicros;
    final AtomicLongArray noticedNanos;
    final AtomicInteger arrived = new AtomicInteger();
    final AtomicInteger noticed = new AtomicInteger();

    LiveTracker(List<UUID> pushes) {
        this.pushes = List.copyOf(pushes);
        this.slots = new HashMap<>(pushes.size() * 2);
        for (int i = 0; i < pushes.size(); i++) {
            slots.put(pushes.get(i).toString(), i);
        }
        int n = pushes.size();
        sentNanos = new long[n];
        sentMicros = new long[n];
        answeredNanos = new long[n];
        arrivedNanos = new AtomicLongArray(n);
        publishedMicros = new AtomicLongArray(n);
        noticedNanos = new AtomicLongArray(n);
    }

    int size() {
        return pushes.size();
    }

    /** The pushes whose callback was sent (read once the senders are done). */
    List<UUID> sentPushes() {
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < sentNanos.length; i++) {
            if (sentNanos[i] != 0) {
                sent.add(pushes.get(i));
            }
        }
        return sent;
    }

    /** A WebSocket text message arrived at {@code nanos}; only the first push event of a tracked push counts. */
    void event(String message, long nanos) {
        String type = field(message, "\"type\":\"", 0);
        if (!EVENT_STATUS.equals(type) && !EVENT_PAYMENT.equals(type)) {
            return;
        }
        Integer slot = slot(field(message, "\"pushId\":\"", 0));
        if (slot == null || !arrivedNanos.compareAndSet(slot, 0, nanos)) {
            return;
        }
        // "at" is the last field: looked up from the end, so the operator's words before it cannot be mistaken for it
        String at = field(message, "\"at\":\"", message.lastIndexOf("\"at\":\""));
        if (at != null) {
            publishedMicros.set(slot, micros(Instant.parse(at)));
        }
        arrived.incrementAndGet();
    }

    /** A relay notice (NOTIFY payload) heard at {@code nanos}; only the first for a tracked push counts. */
    void notice(String payload, long nanos) {
        String type = field(payload, "\"type\":\"", 0);
        if (!NOTICE_STATUS.equals(type) && !NOTICE_PAYMENT.equals(type)) {
            return;
        }
        Integer slot = slot(field(payload, "\"pushId\":\"", 0));
        if (slot != null && noticedNanos.compareAndSet(slot, 0, nanos)) {
            noticed.incrementAndGet();
        }
    }

    private Integer slot(String pushId) {
        return pushId == null ? null : slots.get(pushId);
    }

    /** The string value after {@code key} (which ends with the opening quote), from {@code from} on. */
    private static String field(String json, String key, int from) {
        if (from < 0) {
            return null;
        }
        int start = json.indexOf(key, from);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
