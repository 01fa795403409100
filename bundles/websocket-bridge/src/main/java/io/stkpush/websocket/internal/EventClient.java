package io.stkpush.websocket.internal;

import java.util.ArrayDeque;

import io.stkpush.api.PaymentEvent;

/**
 * One connected page: its messages waiting in order, at most one with the container at a time, and a bound on how
 * many may wait. Only queues; sending and closing are the fan-out's, on its own thread.
 */
final class EventClient {

    enum Offer {
        /** Waiting behind a message already with the container. */
        QUEUED,
        /** Waiting, and nothing is being sent: the caller starts sending. */
        SEND,
        /** Too many waiting: the client is now closed to messages, and the caller closes its connection. */
        OVERFLOW,
        /** Already closed. */
        CLOSED
    }

    private final Connection connection;
    private final Admission admission;
    private final int limit;

    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    /** A message is with the container, or a send has been started: the next one waits for it. */
    private boolean sending;
    private boolean closed;

    EventClient(Connection connection, Admission admission, int limit) {
        this.connection = connection;
        this.admission = admission;
        this.limit = limit;
    }

    Connection connection() {
        return connection;
    }

    Admission admission() {
        return admission;
    }

    boolean wants(PaymentEvent event) {
        return admission.filter().matches(event);
    }

    synchronized Offer offer(String message) {
        if (closed) {
            return Offer.CLOSED;
        }
        if (waiting.size() >= limit) {
            closed = true;
            waiting.clear();
            return Offer.OVERFLOW;
        }
        waiting.add(message);
        if (sending) {
            return Offer.QUEUED;
        }
        sending = true;
        return Offer.SEND;
    }

    /** The next message to send, or {@code null} (and no longer sending) when none waits or the client is closed. */
    synchronized String next() {
        String message = closed ? null : waiting.poll();
        if (message == null) {
            sending = false;
        }
        return message;
    }

    /** Closes the client to further messages; {@code true} only the first time. */
    synchronized boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        waiting.clear();
        return true;
    }
}
