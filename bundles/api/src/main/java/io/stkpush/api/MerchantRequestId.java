package io.stkpush.api;

import java.util.Objects;

/** The provider's second id of an accepted push (Daraja's {@code MerchantRequestID}). Opaque. */
public record MerchantRequestId(String value) {

    public MerchantRequestId {
        Objects.requireNonNull(value, "value");
        value = value.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("MerchantRequestId must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
