package io.stkpush.relay.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEventListener;

/** A local listener on a node, such as the WebSocket bridge: keeps what it was handed. */
class RecordingListener implements PaymentEventListener {

    final List<PaymentEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onPaymentEvent(PaymentEvent event) {
        events.add(event);
    }

    /** Waits until {@code event} was handed over; false at the deadline. */
    boolean awaitHanded(PaymentEvent event, Duration within) throws InterruptedException {
        return until(within, () -> events.contains(event));
    }

    /** Polls {@code condition} until it holds or the deadline passes. */
    static boolean until(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20); // poll interval; the deadline bounds the wait
        }
        return true;
    }

    /** Whether a relay thread (listening or sending) of any node in this JVM is still running. */
    static boolean relayThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.isAlive() && (thread.getName().equals(NotifyChannel.THREAD_NAME)
                        || thread.getName().equals(NotifyChannel.SENDER_NAME)));
    }
}
