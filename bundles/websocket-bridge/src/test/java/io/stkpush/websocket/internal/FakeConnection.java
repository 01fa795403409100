package io.stkpush.websocket.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A page's connection as a test drives it: messages handed over are written only when the test says so, as a slow
 * page would have them; or the page is gone and every send fails.
 */
final class FakeConnection implements Connection {

    record Close(int code, String reason) {
    }

    private final String id;
    final List<String> written = new ArrayList<>();
    final List<Close> closes = new ArrayList<>();
    private final ArrayDeque<Runnable> inFlight = new ArrayDeque<>();
    private int handedOver;
    private boolean writesAtOnce = true;
    private RuntimeException refusal;
    private Throwable failure;

    FakeConnection(String id) {
        this.id = id;
    }

    /** A page that takes its time: messages stay with the container until {@link #writeOne()}. */
    FakeConnection slow() {
        writesAtOnce = false;
        return this;
    }

    /** A page that is gone: every send completes with this failure. */
    FakeConnection failing(Throwable failure) {
        this.failure = failure;
        return this;
    }

    /** A connection the container already closed: send throws, as Jetty's does. */
    FakeConnection refusing(RuntimeException refusal) {
        this.refusal = refusal;
        return this;
    }

    /** Messages handed to the container, written or not. */
    synchronized int handedOver() {
        return handedOver;
    }

    /** Writes the oldest message still with the container. */
    void writeOne() {
        Runnable write;
        synchronized (this) {
            write = inFlight.poll();
        }
        if (write == null) {
            throw new AssertionError("nothing is being sent");
        }
        write.run();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void send(String text, Consumer<Throwable> sent) {
        if (refusal != null) {
            throw refusal;
        }
        Runnable write = () -> {
            synchronized (this) {
                if (failure == null) {
                    written.add(text);
                }
            }
            sent.accept(failure);
        };
        synchronized (this) {
            handedOver++;
            if (!writesAtOnce) {
                inFlight.add(write);
                return;
            }
        }
        write.run();
    }

    @Override
    public synchronized void close(int code, String reason) {
        closes.add(new Close(code, reason));
    }
}
