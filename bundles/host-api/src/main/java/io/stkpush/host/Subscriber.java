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
 * @param planId    the current plan's id (as in {@link Plan#id()}), or {@code null}; since 1.1
 */
public record Subscriber(SubscriberId id, String name, String account, String phone, String plan,
        Instant expiresAt, String planId) {

    /** A subscriber whose plan id is not known (hosts written for 1.0). */
    public Subscriber(SubscriberId id, String name, String account, String phone, String plan, Instant expiresAt) {
        this(id, name, account, phone, plan, expiresAt, null);
    }

    public Subscriber {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
