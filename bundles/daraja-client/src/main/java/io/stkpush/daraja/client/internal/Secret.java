package io.stkpush.daraja.client.internal;

import java.util.Objects;

/** A credential that must never reach a log, an exception or a toString. */
record Secret(String value) {

    Secret {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "****";
    }
}
