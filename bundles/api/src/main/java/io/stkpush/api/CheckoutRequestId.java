package io.stkpush.api;

import java.util.Objects;

/** The provider's id of an accepted push (Daraja's {@code CheckoutRequestID}); the key for status queries and callbacks. Opaque, up to about 40 characters. */
public record CheckoutRequestId(String value) {

    public CheckoutRequestId {
        Objects.requireNonNull(value, "value");
        value = value.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("CheckoutRequestId must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
