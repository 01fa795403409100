package io.stkpush.api;

import java.util.Objects;
import java.util.UUID;

/** Our own id of a push request, random so that it can appear in URLs without being guessable in sequence. */
public record PushId(UUID value) {

    public PushId {
        Objects.requireNonNull(value, "value");
    }

    public static PushId random() {
        return new PushId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when the text is not a UUID */
    public static PushId parse(String text) {
        return new PushId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
