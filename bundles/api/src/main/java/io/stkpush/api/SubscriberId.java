package io.stkpush.api;

import java.util.Objects;

/** The host billing platform's id of a subscriber. Opaque to stkpush. */
public record SubscriberId(String value) {

    public SubscriberId {
        Objects.requireNonNull(value, "value");
        value = value.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("SubscriberId must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
