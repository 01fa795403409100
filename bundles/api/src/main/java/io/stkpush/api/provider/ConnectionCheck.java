package io.stkpush.api.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How one sign-in to the provider went. Holds no token and no secret.
 *
 * @param ok      true when the provider gave a token
 * @param at      when it was asked
 * @param took    how long the answer took
 * @param message plain words for the administrator, e.g. "M-Pesa accepted the consumer key and secret." or why not
 * @since 2.1
 */
public record ConnectionCheck(boolean ok, Instant at, Duration took, String message) {

    public ConnectionCheck {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(message, "message");
    }
}
