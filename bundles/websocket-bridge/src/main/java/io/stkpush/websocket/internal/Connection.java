package io.stkpush.websocket.internal;

import java.util.function.Consumer;

/**
 * What the fan-out needs of one page's WebSocket: the container's asynchronous send and a close. Behind it is a
 * {@code javax.websocket.Session} ({@link SessionConnection}); tests put a fake there.
 */
interface Connection {

    /** Going away: the server (or this endpoint) is stopping. */
    int GOING_AWAY = 1001;

    /** Policy violation: the page fell too far behind, or was not admitted. */
    int POLICY_VIOLATION = 1008;

    /** Unexpected condition: a message could not be sent. */
    int UNEXPECTED = 1011;

    /** Unique among the open connections. */
    String id();

    /**
     * Hands one text message to the container without waiting for it to be written.
     *
     * @param sent called once when the message is written ({@code null}) or could not be (the failure), on any
     *             thread, possibly before this method returns
     */
    void send(String text, Consumer<Throwable> sent);

    /** Closes with a close code and reason; never throws. */
    void close(int code, String reason);
}
