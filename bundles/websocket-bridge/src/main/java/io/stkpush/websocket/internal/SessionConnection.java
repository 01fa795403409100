package io.stkpush.websocket.internal;

import java.io.IOException;
import java.util.function.Consumer;

import javax.websocket.CloseReason;
import javax.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A page's WebSocket session as the fan-out sees it: the container's asynchronous send, and close. */
final class SessionConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(SessionConnection.class);

    private final Session session;

    SessionConnection(Session session) {
        this.session = session;
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public void send(String text, Consumer<Throwable> sent) {
        session.getAsyncRemote().sendText(text, result -> sent.accept(result.isOK() ? null
                : result.getException() != null ? result.getException() : new IOException("not sent")));
    }

    @Override
    public void close(int code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing events session {}: {}", session.getId(), e.toString());
        }
    }
}
