package io.stkpush.portal.gate;

import java.time.Instant;
import java.util.Objects;

/**
 * A ticket {@link OperatorTickets} issued: a secret, so it never appears in {@link #toString()} (or in logs).
 *
 * @param value     the ticket, URL-safe (the page passes it as {@code ?ticket=})
 * @param expiresAt after this it is refused
 */
public record EventTicket(String value, Instant expiresAt) {

    public EventTicket {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "EventTicket[expiresAt=" + expiresAt + "]";
    }
}
