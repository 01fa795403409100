package io.stkpush.api;

import java.util.Objects;

/** Who did something in the portal: the operator's login name, kept for the audit trail. */
public record OperatorName(String value) {

    public OperatorName {
        Objects.requireNonNull(value, "value");
        value = value.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("OperatorName must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
