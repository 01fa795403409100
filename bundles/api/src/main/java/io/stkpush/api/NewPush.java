package io.stkpush.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A push about to be sent, as the ledger records it before the provider is called.
 *
 * @param id            our id, chosen by the caller so the callback URL can carry it
 * @param request       what the operator asked for
 * @param waitingWindow how long the operator's dialog waits (96 s by default)
 */
public record NewPush(PushId id, PushRequest request, Duration waitingWindow) {

    public NewPush {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(waitingWindow, "waitingWindow");
    }
}
