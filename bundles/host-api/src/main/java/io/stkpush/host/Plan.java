package io.stkpush.host;

import java.time.Period;
import java.util.Objects;

import io.stkpush.api.Kes;

/**
 * A plan a subscriber can renew to or change to.
 *
 * @param id     the host's id
 * @param name   display name
 * @param price  what one period costs
 * @param period how long one payment extends the subscription
 */
public record Plan(String id, String name, Kes price, Period period) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
    }
}
