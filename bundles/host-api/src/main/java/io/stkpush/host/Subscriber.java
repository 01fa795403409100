package io.stkpush.host;

import java.time.Instant;
import java.util.Objects;

import io.stkpush.api.SubscriberId;

/**
 * A subscriber as the STK Push dialog shows it.
 *
 * @param id        the host's id
 * @param name      display name
 * @param account   the account number customers type as the Paybill account
 * @param phone     the registered phone, as the host stores it (may need parsing), or {@code null}
 * @param plan      the current plan's name, or {@code null}
 * @param expiresAt when the current subscription ends, or {@code null}
 */
public record Subscriber(SubscriberId id, String name, String account, String phone, String plan,
        Instant expiresAt) {

    public Subscriber {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
